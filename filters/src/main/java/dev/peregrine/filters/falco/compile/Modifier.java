package dev.peregrine.filters.falco.compile;

/** String-operator modifiers over a list of right-hand values (libs 0.25). */
enum Modifier {
    NONE, ONEOF, ANYOF, ALLOF
}
