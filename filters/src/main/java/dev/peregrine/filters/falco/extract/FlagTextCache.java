package dev.peregrine.filters.falco.extract;

import dev.peregrine.syscalls.SyscallEvent;

import java.util.function.BiFunction;

/**
 * Remembers how a flags, enum or errno parameter renders ({@code O_RDONLY|O_CLOEXEC}, {@code ENOENT}) by event
 * type, parameter index and value, in a direct-mapped table: a hit allocates nothing, a miss renders and replaces
 * the slot. Only for parameters whose text depends on nothing else (no thread or fd state). Not thread-safe: one
 * per field source.
 */
final class FlagTextCache {
    private static final int SLOTS = 512;
    private final int[] keys = new int[SLOTS];
    private final long[] values = new long[SLOTS];
    private final String[] texts = new String[SLOTS];

    String text(SyscallEvent e, int param, BiFunction<SyscallEvent, Integer, String> render) {
        if (e.paramLength(param) == 0) {
            return render.apply(e, param);
        }
        long v = e.paramLong(param);
        int key = e.type() << 8 | param;
        int slot = (int) ((key * 0x9E3779B1L + v * 0xC2B2AE3D27D4EB4FL) >>> 23) & (SLOTS - 1);
        if (texts[slot] != null && keys[slot] == key && values[slot] == v) {
            return texts[slot];
        }
        String t = render.apply(e, param);
        if (t != null) {
            keys[slot] = key;
            values[slot] = v;
            texts[slot] = t;
        }
        return t;
    }
}
