package dev.peregrine.pipeline.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that encoders append to. Reused across records and chunks (call {@link #reset}) so that
 * encoding millions of records does not allocate per record or per field. Not thread-safe.
 */
public final class ByteSink {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public ByteSink() {
        this(256);
    }

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return len;
    }

    /** The internal array; valid bytes are {@code [0, size())}. */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        len = 0;
    }

    /** Drops bytes after {@code newSize} (used to undo a partly written value). */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > len) {
            throw new IllegalArgumentException("truncate to " + newSize + " of " + len);
        }
        len = newSize;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    public void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            if (need < 0) {
                throw new OutOfMemoryError("ByteSink over 2 GiB");
            }
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public ByteSink write(int b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = (byte) b;
        return this;
    }

    public ByteSink write(byte[] b) {
        return write(b, 0, b.length);
    }

    public ByteSink write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends the bytes between the buffer's position and limit without moving its position. */
    public ByteSink write(ByteBuffer bb) {
        int n = bb.remaining();
        ensure(n);
        bb.duplicate().get(buf, len, n);
        len += n;
        return this;
    }

    public ByteSink write(ByteSink other) {
        return write(other.buf, 0, other.len);
    }

    /** Appends a string that holds only ASCII characters (format text, numbers). */
    public ByteSink writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteSink writeUtf8(String s) {
        return write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code %lld}. */
    public ByteSink writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            return write(LONG_MIN);
        }
        if (v < 0) {
            write('-');
            v = -v;
        }
        return writeUnsignedDigits(v, 1);
    }

    /** {@code %llu} of an unsigned 64-bit value. */
    public ByteSink writeUnsignedLong(long v) {
        if (v >= 0) {
            return writeUnsignedDigits(v, 1);
        }
        return writeAscii(Long.toUnsignedString(v));
    }

    /** A non-negative value padded with zeros to at least {@code width} digits ({@code %0Nd}). */
    public ByteSink writeUnsignedDigits(long v, int width) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int n = Math.max(digits, width);
        ensure(n);
        int end = len + n;
        int p = end;
        do {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        while (p > len) {
            buf[--p] = '0';
        }
        len = end;
        return this;
    }

    /** Two lowercase hex digits of {@code b & 0xFF}. */
    public ByteSink writeHex2(int b) {
        ensure(2);
        buf[len++] = DIGITS[(b >> 4) & 0xF];
        buf[len++] = DIGITS[b & 0xF];
        return this;
    }

    /** Four lowercase hex digits ({@code %.4x} of a value up to 0xFFFF). */
    public ByteSink writeHex4(int v) {
        ensure(4);
        buf[len++] = DIGITS[(v >> 12) & 0xF];
        buf[len++] = DIGITS[(v >> 8) & 0xF];
        buf[len++] = DIGITS[(v >> 4) & 0xF];
        buf[len++] = DIGITS[v & 0xF];
        return this;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
