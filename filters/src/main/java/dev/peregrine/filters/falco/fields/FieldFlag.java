package dev.peregrine.filters.falco.fields;

/** libsinsp field flags ({@code EPF_*}) that matter to the compiler. */
public enum FieldFlag {
    ARG_REQUIRED, ARG_ALLOWED, IS_LIST, NO_RHS, NO_TRANSFORMER, FILTER_ONLY, PRINT_ONLY, TABLE_ONLY, DEPRECATED,
    NO_PTR_STABILITY
}
