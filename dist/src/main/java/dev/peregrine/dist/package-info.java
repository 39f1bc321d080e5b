/**
 * The runnable distribution: this module only assembles every plugin module and the pipeline core into one jar
 * (dist/target/peregrine.jar) whose main class is {@code dev.peregrine.pipeline.cli.Main}.
 */
package dev.peregrine.dist;
