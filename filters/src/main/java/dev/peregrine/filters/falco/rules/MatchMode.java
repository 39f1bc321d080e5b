package dev.peregrine.filters.falco.rules;

/** Falco's {@code rule_matching}: stop at the first matching rule (default) or report all. */
public enum MatchMode {
    FIRST, ALL
}
