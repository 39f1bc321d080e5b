package dev.peregrine.filters.falco.fields;

import java.util.Set;

/** One known field: name, value type and flags. */
public record FieldInfo(String name, FieldType type, Set<FieldFlag> flags) {
    public FieldInfo {
        flags = Set.copyOf(flags);
    }

    public boolean has(FieldFlag f) {
        return flags.contains(f);
    }

    public boolean isList() {
        return has(FieldFlag.IS_LIST);
    }

    public boolean acceptsArg() {
        return has(FieldFlag.ARG_ALLOWED) || has(FieldFlag.ARG_REQUIRED);
    }
}
