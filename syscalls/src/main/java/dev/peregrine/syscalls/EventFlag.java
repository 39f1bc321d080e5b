package dev.peregrine.syscalls;

/** Event flags of the driver event table ({@code enum ppm_event_flags}), as bit masks. */
public final class EventFlag {
    public static final int CREATES_FD = 1;
    public static final int DESTROYS_FD = 1 << 1;
    public static final int USES_FD = 1 << 2;
    public static final int READS_FROM_FD = 1 << 3;
    public static final int WRITES_TO_FD = 1 << 4;
    public static final int MODIFIES_STATE = 1 << 5;
    public static final int UNUSED = 1 << 6;
    public static final int WAITS = 1 << 7;
    public static final int SKIPPARSERESET = 1 << 8;
    public static final int OLD_VERSION = 1 << 9;
    public static final int LARGE_PAYLOAD = 1 << 11;
    public static final int CONVERTER_MANAGED = 1 << 12;

    private EventFlag() {
    }

    static int parse(String name) {
        switch (name) {
            case "CREATES_FD": return CREATES_FD;
            case "DESTROYS_FD": return DESTROYS_FD;
            case "USES_FD": return USES_FD;
            case "READS_FROM_FD": return READS_FROM_FD;
            case "WRITES_TO_FD": return WRITES_TO_FD;
            case "MODIFIES_STATE": return MODIFIES_STATE;
            case "UNUSED": return UNUSED;
            case "WAITS": return WAITS;
            case "SKIPPARSERESET": return SKIPPARSERESET;
            case "OLD_VERSION": return OLD_VERSION;
            case "LARGE_PAYLOAD": return LARGE_PAYLOAD;
            case "CONVERTER_MANAGED": return CONVERTER_MANAGED;
            default: throw new IllegalArgumentException("event flag: " + name + " (expected: an EF_* name)");
        }
    }
}
