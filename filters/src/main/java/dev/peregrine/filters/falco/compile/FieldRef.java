package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldInfo;

/**
 * A field occurrence bound at compile time. Event accessors switch on {@link #field()} name (or cache per
 * {@link #id()}) and use {@link #arg()} for indexed/keyed fields such as {@code proc.aname[2]} or
 * {@code evt.arg.flags}. {@link #text()} is the canonical spelling used as key in maps and outputs.
 */
public final class FieldRef {
    private final int id;
    private final FieldInfo info;
    private final String arg;
    private final String text;

    public FieldRef(int id, FieldInfo info, String arg, String text) {
        this.id = id;
        this.info = info;
        this.arg = arg;
        this.text = text;
    }

    public int id() {
        return id;
    }

    public FieldInfo info() {
        return info;
    }

    public String field() {
        return info.name();
    }

    public String arg() {
        return arg;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
