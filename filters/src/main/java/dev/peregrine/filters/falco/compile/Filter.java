package dev.peregrine.filters.falco.compile;

/** A compiled condition. Implementations are immutable and thread-safe. */
@FunctionalInterface
public interface Filter {
    boolean matches(FieldSource event);

    Filter TRUE = e -> true;

    Filter FALSE = e -> false;
}
