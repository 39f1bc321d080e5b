package dev.peregrine.filters.falco.compile;

/** A comparison against compile-time constants, applied to one non-null extracted value. */
@FunctionalInterface
interface ValueTest {
    boolean test(Object value);
}
