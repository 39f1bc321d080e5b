package dev.peregrine.pipeline.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time (SWAR: a word with a zero byte where the byte sought is), for the scans that
 * dominate reading logs: the newline that ends a line, the quote or backslash that ends a JSON string's plain run.
 * For each word, {@code (x - 0x01..) & ~x & 0x80..} flags the bytes of {@code x} that are zero; the lowest flag is
 * exact (higher ones may be false after a borrow), so the first match is the lowest flag of the first word with one.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    private ByteScan() {
    }

    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The index of the first '\n' in {@code b[from, to)}, or -1. */
    public static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long z = zeros((long) LONGS.get(b, i) ^ NEWLINES);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        if (i < to && to - from >= 8) {
            // The last bytes: the word ending at 'to', without the bytes before i (searched already, no newline
            // among them, so no borrow from them either). A byte loop here would take a branch a compiled reader
            // rarely sees (a newline in a buffer's last bytes), and its first occurrence cost a recompilation.
            int j = to - 8;
            long z = zeros((long) LONGS.get(b, j) ^ NEWLINES) & (-1L << ((i - j) << 3));
            return z != 0 ? j + (Long.numberOfTrailingZeros(z) >>> 3) : -1;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first '"' or '\\' in {@code b[from, to)}, or {@code to}. */
    public static int indexOfQuoteOrBackslash(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            long z = zeros(w ^ QUOTES) | zeros(w ^ BACKSLASHES);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\') {
                return i;
            }
        }
        return to;
    }
}
