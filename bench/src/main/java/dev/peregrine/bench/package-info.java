/**
 * Benchmarks: JMH micro-benchmarks (run with {@code java -jar bench/target/benchmarks.jar NAME -prof gc}) and
 * whole-process load drivers with a {@code main}. Never run by the test suite; figures go in the change's note.
 */
package dev.peregrine.bench;
