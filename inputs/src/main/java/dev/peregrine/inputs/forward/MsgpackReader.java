package dev.peregrine.inputs.forward;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over msgpack bytes that reads headers and scalars in place and skips values without building them, so a
 * frame is walked with no allocation per record. Every read is bounds-checked: payloads from gzip or a packed
 * forward blob were not scanned by {@link ForwardFrameDecoder} and may be truncated.
 */
final class MsgpackReader {
    private final byte[] b;
    private int pos;
    private final int end;

    MsgpackReader(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    byte[] bytes() {
        return b;
    }

    int position() {
        return pos;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The type byte of the next value, or -1 at the end. */
    int peek() {
        return pos < end ? b[pos] & 0xff : -1;
    }

    static String typeName(int t) {
        if (t < 0) {
            return "end of data";
        }
        return switch (ForwardFrameDecoder.kind(t)) {
            case ARRAY -> "array";
            case MAP -> "map";
            case BYTES -> (t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb) ? "str" : "bin";
            case EXT -> "ext";
            case FIXED -> t == 0xca || t == 0xcb ? "float" : (t >= 0xd0 ? "int" : "uint");
            case SCALAR -> t == 0xc0 ? "nil" : (t == 0xc2 || t == 0xc3) ? "bool" : t >= 0xe0 ? "int" : "uint";
        };
    }

    static boolean isStr(int t) {
        return (t >= 0xa0 && t <= 0xbf) || (t >= 0xd9 && t <= 0xdb);
    }

    static boolean isBin(int t) {
        return t >= 0xc4 && t <= 0xc6;
    }

    static boolean isMap(int t) {
        return (t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf;
    }

    static boolean isArray(int t) {
        return ForwardFrameDecoder.isArray(t);
    }

    static boolean isInt(int t) {
        return t <= 0x7f || t >= 0xe0 || (t >= 0xcc && t <= 0xd3);
    }

    static boolean isFloat(int t) {
        return t == 0xca || t == 0xcb;
    }

    static boolean isExt(int t) {
        return (t >= 0xc7 && t <= 0xc9) || (t >= 0xd4 && t <= 0xd8);
    }

    private void need(long n) throws ForwardProtocolException {
        if (n > end - pos) {
            throw new ForwardProtocolException("truncated msgpack at offset " + pos, "complete msgpack values");
        }
    }

    private long lengthField(int size) throws ForwardProtocolException {
        need(1L + size);
        long v = 0;
        for (int i = 1; i <= size; i++) {
            v = (v << 8) | (b[pos + i] & 0xff);
        }
        pos += 1 + size;
        return v;
    }

    /** Reads an array header; the caller has checked the type. */
    long arrayHeader() throws ForwardProtocolException {
        need(1);
        int t = b[pos] & 0xff;
        if (t >= 0x90 && t <= 0x9f) {
            pos++;
            return t & 0x0f;
        }
        return lengthField(t == 0xdc ? 2 : 4);
    }

    long mapHeader() throws ForwardProtocolException {
        need(1);
        int t = b[pos] & 0xff;
        if (t >= 0x80 && t <= 0x8f) {
            pos++;
            return t & 0x0f;
        }
        return lengthField(t == 0xde ? 2 : 4);
    }

    /** Reads a str or bin header and returns the payload length; the position is then at the payload. */
    int bytesHeader() throws ForwardProtocolException {
        need(1);
        int t = b[pos] & 0xff;
        long len;
        if (t >= 0xa0 && t <= 0xbf) {
            pos++;
            len = t & 0x1f;
        } else {
            len = lengthField(switch (t) {
                case 0xc4, 0xd9 -> 1;
                case 0xc5, 0xda -> 2;
                default -> 4;
            });
        }
        need(len);
        return (int) len;
    }

    String str() throws ForwardProtocolException {
        int len = bytesHeader();
        String s = new String(b, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    void skipBytes(int n) throws ForwardProtocolException {
        need(n);
        pos += n;
    }

    /** Reads any msgpack integer as a long (uint64 above Long.MAX_VALUE comes back negative). */
    long integer() throws ForwardProtocolException {
        need(1);
        int t = b[pos] & 0xff;
        if (t <= 0x7f) {
            pos++;
            return t;
        }
        if (t >= 0xe0) {
            pos++;
            return (byte) t;
        }
        return switch (t) {
            case 0xcc -> lengthField(1);
            case 0xcd -> lengthField(2);
            case 0xce -> lengthField(4);
            case 0xcf -> lengthField(8);
            case 0xd0 -> (byte) lengthField(1);
            case 0xd1 -> (short) lengthField(2);
            case 0xd2 -> (int) lengthField(4);
            case 0xd3 -> lengthField(8);
            default -> throw new IllegalStateException("not an int: 0x" + Integer.toHexString(t));
        };
    }

    /** True when the int at the position is negative (signed types only). */
    boolean intIsNegative() {
        int t = b[pos] & 0xff;
        if (t >= 0xe0) {
            return true;
        }
        return switch (t) {
            case 0xd0, 0xd1, 0xd2, 0xd3 -> pos + 1 < end && b[pos + 1] < 0;
            default -> false;
        };
    }

    double floating() throws ForwardProtocolException {
        int t = b[pos] & 0xff;
        if (t == 0xca) {
            return Float.intBitsToFloat((int) lengthField(4));
        }
        return Double.longBitsToDouble(lengthField(8));
    }

    /** Reads an ext header; returns the data length, leaving the ext type at {@link #extType} and pos at the data. */
    int extHeader() throws ForwardProtocolException {
        need(1);
        int t = b[pos] & 0xff;
        long len;
        int fixed = ForwardFrameDecoder.fixExtSize(t);
        if (fixed >= 0) {
            pos++;
            len = fixed;
        } else {
            len = lengthField(t == 0xc7 ? 1 : t == 0xc8 ? 2 : 4);
        }
        need(len + 1);
        extType = b[pos++];
        return (int) len;
    }

    byte extType;

    long uint32At(int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    /** Skips one complete value, however nested, iteratively. */
    void skip() throws ForwardProtocolException {
        long pending = 1;
        while (pending > 0) {
            need(1);
            int t = b[pos] & 0xff;
            pending--;
            switch (ForwardFrameDecoder.kind(t)) {
                case SCALAR -> pos++;
                case FIXED -> {
                    if (t == 0xc1) {
                        throw new ForwardProtocolException("invalid msgpack: byte 0xc1 at offset " + pos,
                            "valid msgpack");
                    }
                    int n = ForwardFrameDecoder.fixedPayload(t);
                    need(1L + n);
                    pos += 1 + n;
                }
                case BYTES -> {
                    int n = bytesHeader(); // not "pos += bytesHeader()": that would add to the old pos
                    pos += n;
                }
                case EXT -> {
                    int n = extHeader();
                    pos += n;
                }
                case ARRAY -> pending += arrayHeader();
                case MAP -> pending += 2 * mapHeader();
            }
        }
    }
}
