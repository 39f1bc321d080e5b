package dev.peregrine.pipeline.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The seeded byte mutations the short fuzz tests of every module share (bench's fuzz drivers run them longer). */
public final class ByteMutator {
    private ByteMutator() {
    }

    /** Seeded mutation: bit flip, truncation, dictionary or byte insertion, repetition. */
    public static byte[] mutate(Random r, byte[] b, List<byte[]> dict) {
        int len = b.length;
        switch (r.nextInt(5)) {
            case 0 -> {
                if (len > 0) {
                    b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
            }
            case 2 -> {
                return insert(r, b, dict.isEmpty() ? new byte[] {(byte) r.nextInt(256)} : dict.get(r.nextInt(dict.size())));
            }
            case 3 -> {
                return insert(r, b, new byte[] {(byte) r.nextInt(256)});
            }
            default -> {
                if (len < 2) {
                    return b;
                }
                int from = r.nextInt(len);
                return insert(r, b, Arrays.copyOfRange(b, from, from + 1 + r.nextInt(Math.min(32, len - from))));
            }
        }
    }

    public static byte[] insert(Random r, byte[] b, byte[] piece) {
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

}
