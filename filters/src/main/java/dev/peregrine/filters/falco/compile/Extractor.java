package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

/**
 * Produces a value (or null) from an event: a field read, possibly wrapped in transformers. Public so that
 * output formats ({@code falco.output}) evaluate {@code %tolower(proc.name)} exactly as conditions do.
 */
public interface Extractor {
    Object extract(FieldSource event);

    /** Type of the produced value (transformers such as {@code len} change it). */
    FieldType type();

    /** True when the value is a list with set semantics (libsinsp {@code EPF_IS_LIST}). */
    boolean isList();

    /** The field read at the bottom of the transformer chain. */
    FieldRef field();

    boolean transformed();
}
