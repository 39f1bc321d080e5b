package dev.peregrine.syscalls;

/**
 * A parameter name resolved once per event type: code that reads the same named parameter of every event (the
 * state tracker) holds one of these as a constant, and finding the parameter's index costs one array load instead
 * of a search of the event's parameter names.
 */
public final class ParamKey {
    private static final int UNKNOWN = 0;
    private static final int ABSENT = 1;

    private final String name;
    /** Per event code: {@link #UNKNOWN}, {@link #ABSENT}, or the index + 2. Races only store equal values. */
    private final int[] slots = new int[EventTable.size()];

    public ParamKey(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The index of this parameter in {@code e}, or -1 when its event type has none or this event lacks it. */
    public int in(SyscallEvent e) {
        int code = e.type();
        if (code < 0 || code >= slots.length) {
            return e.paramIndex(name);
        }
        int s = slots[code];
        if (s == UNKNOWN) {
            EventInfo info = EventTable.get(code);
            int i = info == null ? -1 : info.paramIndex(name);
            s = i < 0 ? ABSENT : i + 2;
            slots[code] = s;
        }
        int i = s - 2;
        return i < e.paramCount() ? i : -1;
    }
}
