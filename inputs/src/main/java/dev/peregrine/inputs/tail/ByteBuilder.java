package dev.peregrine.inputs.tail;

import java.util.Arrays;

/** A growable byte array; the tail reader reuses these to avoid a copy per line. */
final class ByteBuilder {
    private byte[] buf;
    private int len;

    ByteBuilder(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int length() {
        return len;
    }

    byte byteAt(int i) {
        return buf[i];
    }

    byte[] array() {
        return buf;
    }

    void reset() {
        len = 0;
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void append(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
