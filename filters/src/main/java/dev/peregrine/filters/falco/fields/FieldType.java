package dev.peregrine.filters.falco.fields;

/** libsinsp parameter types used by fields ({@code PT_*}). */
public enum FieldType {
    CHARBUF, BYTEBUF, BOOL, INT16, INT32, INT64, UINT32, UINT64, DOUBLE, ABSTIME, RELTIME, IPADDR, IPNET, PORT,
    FSPATH, FSRELPATH, DYN;

    public boolean isNumeric() {
        switch (this) {
            case INT16: case INT32: case INT64: case UINT32: case UINT64: case DOUBLE: case ABSTIME: case RELTIME:
            case PORT:
                return true;
            default:
                return false;
        }
    }

    public boolean isString() {
        return this == CHARBUF || this == FSPATH || this == FSRELPATH;
    }

    /** Lower-case libsinsp name, used in messages. */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
