/**
 * JMH benchmarks (OpenJDK JMH 1.37). Each states its question, its data and its run command; none is run by the
 * build or asserted in CI (shared/STYLE.md, convention 8).
 */
package dev.peregrine.bench;
