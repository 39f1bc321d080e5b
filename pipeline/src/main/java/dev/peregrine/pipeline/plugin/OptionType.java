package dev.peregrine.pipeline.plugin;

/** Value types of plugin options, as in Fluent Bit's config maps (FLB_CONFIG_MAP_*). */
public enum OptionType {
    /** Free text. */
    STR,
    /** A signed integer. */
    INT,
    /** A floating-point number. */
    DOUBLE,
    /** true/on/yes or false/off/no, case-insensitive. */
    BOOL,
    /** A byte size: a number with an optional K, KB, M, MB, G or GB suffix (base 1000), or "false" for 0. */
    SIZE,
    /** A duration in seconds: a number with an optional s, m, h or d suffix. */
    TIME,
    /** A comma-separated list, items trimmed. */
    CLIST,
    /** A space-separated list, split at most {@link OptionSpec#splits()} times. */
    SLIST
}
