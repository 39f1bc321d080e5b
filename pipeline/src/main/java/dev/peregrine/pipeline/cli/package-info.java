/**
 * The {@code peregrine} command: Fluent Bit's command-line flags and exit codes (Fluent Bit 5.1.1,
 * src/fluent-bit.c), the running agent with signal handling and hot reload.
 */
package dev.peregrine.pipeline.cli;
