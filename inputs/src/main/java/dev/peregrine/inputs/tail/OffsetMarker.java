package dev.peregrine.inputs.tail;

/**
 * The offset marker Fluent Bit stores in {@code in_tail_files.offset_marker}: XXH3-64 (seed 0, default secret) of the
 * up to 32 bytes before the saved offset. A file whose bytes before the offset no longer hash the same was truncated
 * or replaced (inode reuse), and is read again from the head. Only inputs of at most 32 bytes are needed, so only
 * XXH3's short-input paths are implemented (written from the XXH3 specification).
 */
final class OffsetMarker {
    /** Fluent Bit's FLB_TAIL_DB_OFFSET_MARKER_SIZE. */
    static final int WINDOW = 32;

    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long MX1 = 0x165667919E3779F9L;
    private static final long MX2 = 0x9FB21C651E98DF25L;

    /** The first 96 bytes of XXH3's default secret: more than the short paths read. */
    private static final byte[] SECRET = hex(
        "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
        + "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
        + "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8");

    private OffsetMarker() {
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** XXH3_64bits(b[off, off+len)) for len in 0..32. */
    static long hash(byte[] b, int off, int len) {
        if (len > 32) {
            throw new IllegalArgumentException("marker input over 32 bytes: " + len);
        }
        if (len > 16) {
            long acc = len * P64_1;
            acc += mix16(b, off, 0);
            acc += mix16(b, off + len - 16, 16);
            return avalanche(acc);
        }
        if (len > 8) {
            long flip1 = le64(SECRET, 24) ^ le64(SECRET, 32);
            long flip2 = le64(SECRET, 40) ^ le64(SECRET, 48);
            long lo = le64(b, off) ^ flip1;
            long hi = le64(b, off + len - 8) ^ flip2;
            long acc = len + Long.reverseBytes(lo) + hi + fold(lo, hi);
            return avalanche(acc);
        }
        if (len >= 4) {
            long in1 = le32(b, off);
            long in2 = le32(b, off + len - 4);
            long flip = le64(SECRET, 8) ^ le64(SECRET, 16);
            long keyed = (in2 + (in1 << 32)) ^ flip;
            return rrmxmx(keyed, len);
        }
        if (len > 0) {
            int c1 = b[off] & 0xFF;
            int c2 = b[off + (len >> 1)] & 0xFF;
            int c3 = b[off + len - 1] & 0xFF;
            long combined = ((c1 << 16) | (c2 << 24) | c3 | (len << 8)) & 0xFFFFFFFFL;
            long flip = le32(SECRET, 0) ^ le32(SECRET, 4);
            return xxh64Avalanche(combined ^ flip);
        }
        return xxh64Avalanche(le64(SECRET, 56) ^ le64(SECRET, 64));
    }

    private static long mix16(byte[] b, int off, int secretOff) {
        long lo = le64(b, off) ^ le64(SECRET, secretOff);
        long hi = le64(b, off + 8) ^ le64(SECRET, secretOff + 8);
        return fold(lo, hi);
    }

    private static long fold(long a, long b) {
        long low = a * b;
        long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return low ^ high;
    }

    private static long avalanche(long h) {
        h ^= h >>> 37;
        h *= MX1;
        return h ^ (h >>> 32);
    }

    private static long rrmxmx(long h, int len) {
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= MX2;
        h ^= (h >>> 35) + len;
        h *= MX2;
        return h ^ (h >>> 28);
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        return h ^ (h >>> 32);
    }

    private static long le64(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
            | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
            | (b[i + 7] & 0xFFL) << 56;
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
