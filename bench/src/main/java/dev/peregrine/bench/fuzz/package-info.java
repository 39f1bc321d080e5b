/**
 * Seeded random fuzz drivers (no Jazzer): each main generates inputs from a small corpus by mutation and feeds a
 * parser for N seconds, then reports inputs/s and crashes. A crash is an exception other than the parser's
 * documented error type, or a hang (one input taking longer than the watchdog's limit). Usage:
 * {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.fuzz.ForwardDecoderFuzz [seconds] [seed]}.
 * Short seeded versions of the same loops run in CI as JUnit tests in the modules that own the parsers.
 */
package dev.peregrine.bench.fuzz;
