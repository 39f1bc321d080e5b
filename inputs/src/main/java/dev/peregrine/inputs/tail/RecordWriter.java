package dev.peregrine.inputs.tail;

/**
 * Writes the msgpack map of plain-line records straight into a byte array shared by a batch of events, so a line
 * becomes an event without an intermediate String or Value. Each event keeps a reference to the array it was written
 * to; when the array grows, earlier events keep the old one (still valid), later ones use the new one.
 */
final class RecordWriter {
    private byte[] buf;
    private int len;

    RecordWriter(int capacity) {
        buf = new byte[capacity];
    }

    byte[] array() {
        return buf;
    }

    int position() {
        return len;
    }

    /** Starts a fresh array (the previous one now belongs to the events written to it). */
    void renew(int capacity) {
        buf = new byte[capacity];
        len = 0;
    }

    int remaining() {
        return buf.length - len;
    }

    /** Makes room for {@code n} more bytes; a new array keeps only the record being written (from {@code start}). */
    int ensure(int n, int start) {
        if (len + n <= buf.length) {
            return start;
        }
        int keep = len - start;
        byte[] nb = new byte[Math.max(buf.length, keep + n + 1024)];
        System.arraycopy(buf, start, nb, 0, keep);
        buf = nb;
        len = keep;
        return 0;
    }

    void mapHeader(int n) {
        if (n < 16) {
            buf[len++] = (byte) (0x80 | n);
        } else if (n < 65536) {
            buf[len++] = (byte) 0xde;
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
        } else {
            buf[len++] = (byte) 0xdf;
            buf[len++] = (byte) (n >>> 24);
            buf[len++] = (byte) (n >>> 16);
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
        }
    }

    void raw(byte[] b, int off, int n) {
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    static int strHeaderSize(int n) {
        return n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
    }

    void str(byte[] s, int off, int n) {
        if (n < 32) {
            buf[len++] = (byte) (0xa0 | n);
        } else if (n < 256) {
            buf[len++] = (byte) 0xd9;
            buf[len++] = (byte) n;
        } else if (n < 65536) {
            buf[len++] = (byte) 0xda;
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
        } else {
            buf[len++] = (byte) 0xdb;
            buf[len++] = (byte) (n >>> 24);
            buf[len++] = (byte) (n >>> 16);
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
        }
        System.arraycopy(s, off, buf, len, n);
        len += n;
    }

    /** An unsigned integer in its smallest msgpack form (msgpack_pack_uint64). */
    void uint(long v) {
        if (v < 128) {
            buf[len++] = (byte) v;
        } else if (v < 256) {
            buf[len++] = (byte) 0xcc;
            buf[len++] = (byte) v;
        } else if (v < 65536) {
            buf[len++] = (byte) 0xcd;
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        } else if (v < 4294967296L) {
            buf[len++] = (byte) 0xce;
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        } else {
            buf[len++] = (byte) 0xcf;
            for (int s = 56; s >= 0; s -= 8) {
                buf[len++] = (byte) (v >>> s);
            }
        }
    }
}
