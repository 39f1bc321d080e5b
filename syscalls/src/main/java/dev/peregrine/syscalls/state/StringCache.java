package dev.peregrine.syscalls.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decoded strings of recent event parameters (paths, program names, cgroups), by their bytes: a node opens the
 * same files and starts the same programs again and again, so most parameters decode to a string seen shortly
 * before. Handing that string out again saves the copy and, downstream, its hash (a string hashes once) and
 * lets per-string caches ({@code fd.directory}) hit by identity.
 *
 * <p>Design note: direct-mapped, one entry per slot, replaced on collision; a hit compares every byte, so the
 * result is always the string the bytes decode to. Long values are decoded without caching. Not thread-safe
 * (one per {@link StateTracker}).
 */
final class StringCache {
    private static final int SLOTS = 4096;
    private static final int MAX_CACHED = 256;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The UTF-8 text of {@code b[off..off+len)}. */
    String get(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > MAX_CACHED) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ h >>> 13) & SLOTS - 1;
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, off, off + len)) {
            return values[slot];
        }
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, off, off + len);
        values[slot] = s;
        return s;
    }
}
