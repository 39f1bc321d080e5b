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

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ID =
        new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.ConcurrentHashMap<String, FieldRef> INTERNED =
        new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The one reference for a field spelling in this process. Ids are process-wide, so an event accessor may cache
     * per id whichever compiler (a rule condition, an output format) handed the reference out.
     */
    public static FieldRef intern(FieldInfo info, String arg, String text) {
        return INTERNED.computeIfAbsent(text, t -> new FieldRef(NEXT_ID.getAndIncrement(), info, arg, t));
    }

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
