package dev.peregrine.syscalls.scap;

import java.nio.charset.StandardCharsets;

/** Little-endian reads over one block body with bounds checks that name the block being read. */
final class ByteCursor {
    private final byte[] b;
    private final String what;
    int pos;
    final int end;

    ByteCursor(byte[] b, int pos, int end, String what) {
        this.b = b;
        this.pos = pos;
        this.end = end;
        this.what = what;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n) throws ScapFormatException {
        if (n < 0 || pos + n > end) {
            throw new ScapFormatException(what + ": truncated at byte " + pos + " (needs " + n + ", has "
                    + (end - pos) + ")");
        }
    }

    int u8() throws ScapFormatException {
        need(1);
        return b[pos++] & 0xff;
    }

    int u16() throws ScapFormatException {
        need(2);
        int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32() throws ScapFormatException {
        return i32() & 0xffffffffL;
    }

    int i32() throws ScapFormatException {
        need(4);
        int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long i64() throws ScapFormatException {
        long lo = i32() & 0xffffffffL;
        long hi = i32();
        return lo | hi << 32;
    }

    byte[] bytes(int n) throws ScapFormatException {
        need(n);
        byte[] r = new byte[n];
        System.arraycopy(b, pos, r, 0, n);
        pos += n;
        return r;
    }

    void skip(int n) throws ScapFormatException {
        need(n);
        pos += n;
    }

    /** A {@code u16}-length string; the text stops at the first NUL if any. */
    String str16() throws ScapFormatException {
        int n = u16();
        need(n);
        int e = pos;
        while (e < pos + n && b[e] != 0) {
            e++;
        }
        String s = new String(b, pos, e - pos, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A {@code u16}-length list of NUL-separated strings (args, env, cgroups). */
    String[] strList16() throws ScapFormatException {
        int n = u16();
        need(n);
        String[] r = splitNul(b, pos, n);
        pos += n;
        return r;
    }

    static String[] splitNul(byte[] b, int off, int n) {
        if (n == 0) {
            return new String[0];
        }
        int count = 0;
        int end = off + n;
        if (b[end - 1] == 0) {
            end--;
        }
        if (end == off) {
            return new String[] {""};
        }
        for (int i = off; i < end; i++) {
            if (b[i] == 0) {
                count++;
            }
        }
        String[] r = new String[count + 1];
        int s = off;
        int k = 0;
        for (int i = off; i <= end; i++) {
            if (i == end || b[i] == 0) {
                r[k++] = new String(b, s, i - s, StandardCharsets.UTF_8);
                s = i + 1;
            }
        }
        return r;
    }
}
