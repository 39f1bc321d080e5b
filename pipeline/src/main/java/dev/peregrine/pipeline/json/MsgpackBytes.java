package dev.peregrine.pipeline.json;

import java.math.BigInteger;

/**
 * Msgpack written and walked directly on bytes, for the paths that turn text into records without building
 * {@code Value} trees (JSON log lines into event bodies). Encodings are the smallest form, exactly as msgpack-java's
 * packer (and Fluent Bit's msgpack-c) choose them, so bodies written here are byte-identical to packed trees.
 */
public final class MsgpackBytes {
    private MsgpackBytes() {
    }

    public static void strHeader(ByteSink out, int n) {
        if (n < 32) {
            out.write(0xa0 | n);
        } else if (n < 256) {
            out.write(0xd9).write(n);
        } else if (n < 65536) {
            out.write(0xda).write(n >>> 8).write(n);
        } else {
            out.write(0xdb).write(n >>> 24).write(n >>> 16).write(n >>> 8).write(n);
        }
    }

    public static void str(ByteSink out, byte[] b, int off, int n) {
        strHeader(out, n);
        out.write(b, off, n);
    }

    /** msgpack_pack_int64 / MessagePacker.packLong. */
    public static void integer(ByteSink out, long v) {
        if (v < -32) {
            if (v < -32768) {
                if (v < Integer.MIN_VALUE) {
                    out.write(0xd3);
                    be(out, v, 8);
                } else {
                    out.write(0xd2);
                    be(out, v, 4);
                }
            } else if (v < -128) {
                out.write(0xd1);
                be(out, v, 2);
            } else {
                out.write(0xd0).write((int) v);
            }
        } else if (v < 128) {
            out.write((int) v);
        } else if (v < 65536) {
            if (v < 256) {
                out.write(0xcc).write((int) v);
            } else {
                out.write(0xcd);
                be(out, v, 2);
            }
        } else if (v < 4294967296L) {
            out.write(0xce);
            be(out, v, 4);
        } else {
            out.write(0xcf);
            be(out, v, 8);
        }
    }

    /** An integer above Long.MAX_VALUE (up to uint64). */
    public static void uint64(ByteSink out, BigInteger v) {
        out.write(0xcf);
        be(out, v.longValue(), 8);
    }

    public static void float64(ByteSink out, double d) {
        out.write(0xcb);
        be(out, Double.doubleToRawLongBits(d), 8);
    }

    private static void be(ByteSink out, long v, int n) {
        for (int s = (n - 1) * 8; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
    }

    /** Bytes taken by a map or array header for {@code count} entries. */
    public static int containerHeaderLength(int count) {
        return count < 16 ? 1 : count < 65536 ? 3 : 5;
    }

    /**
     * Writes the header of a map (or array) at {@code pos}, replacing a header of {@code oldLen} bytes there and moving
     * what follows when the new header is longer or shorter.
     */
    public static void setContainerHeader(ByteSink out, int pos, int oldLen, int count, boolean map) {
        int newLen = containerHeaderLength(count);
        if (newLen != oldLen) {
            int size = out.size();
            if (newLen > oldLen) {
                for (int i = oldLen; i < newLen; i++) {
                    out.write(0);
                }
            }
            byte[] a = out.array();
            System.arraycopy(a, pos + oldLen, a, pos + newLen, size - pos - oldLen);
            if (newLen < oldLen) {
                out.truncate(size - (oldLen - newLen));
            }
        }
        byte[] a = out.array();
        if (newLen == 1) {
            a[pos] = (byte) ((map ? 0x80 : 0x90) | count);
        } else if (newLen == 3) {
            a[pos] = (byte) (map ? 0xde : 0xdc);
            a[pos + 1] = (byte) (count >>> 8);
            a[pos + 2] = (byte) count;
        } else {
            a[pos] = (byte) (map ? 0xdf : 0xdd);
            a[pos + 1] = (byte) (count >>> 24);
            a[pos + 2] = (byte) (count >>> 16);
            a[pos + 3] = (byte) (count >>> 8);
            a[pos + 4] = (byte) count;
        }
    }

    /** The entry count of the map whose header is at {@code pos}, or -1 when no map starts there. */
    public static int mapCount(byte[] b, int pos) {
        int c = b[pos] & 0xff;
        if ((c & 0xf0) == 0x80) {
            return c & 0x0f;
        }
        if (c == 0xde) {
            return ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
        }
        if (c == 0xdf) {
            return (int) u32(b, pos + 1);
        }
        return -1;
    }

    /** The length of the map header at {@code pos}. */
    public static int mapHeaderLength(byte[] b, int pos) {
        int c = b[pos] & 0xff;
        return c == 0xde ? 3 : c == 0xdf ? 5 : 1;
    }

    /** The length of the string at {@code pos} (header excluded), or -1 when no string starts there. */
    public static int strLength(byte[] b, int pos) {
        int c = b[pos] & 0xff;
        if ((c & 0xe0) == 0xa0) {
            return c & 0x1f;
        }
        return switch (c) {
            case 0xd9 -> b[pos + 1] & 0xff;
            case 0xda -> ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
            case 0xdb -> (int) u32(b, pos + 1);
            default -> -1;
        };
    }

    /** The header length of the string at {@code pos}. */
    public static int strHeaderLength(byte[] b, int pos) {
        int c = b[pos] & 0xff;
        return c == 0xd9 ? 2 : c == 0xda ? 3 : c == 0xdb ? 5 : 1;
    }

    /** Whether the string at {@code pos} holds exactly {@code key}. */
    public static boolean strEquals(byte[] b, int pos, byte[] key) {
        int n = strLength(b, pos);
        if (n != key.length) {
            return false;
        }
        int p = pos + strHeaderLength(b, pos);
        for (int i = 0; i < n; i++) {
            if (b[p + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static long u32(byte[] b, int p) {
        return ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xffL) << 16) | ((b[p + 2] & 0xffL) << 8) | (b[p + 3] & 0xffL);
    }

    /** The position after the (well-formed) value starting at {@code pos}. */
    public static int skip(byte[] b, int pos) {
        int c = b[pos] & 0xff;
        if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3) {
            return pos + 1;
        }
        if ((c & 0xe0) == 0xa0) {
            return pos + 1 + (c & 0x1f);
        }
        if ((c & 0xf0) == 0x80) {
            return skipN(b, pos + 1, 2L * (c & 0x0f));
        }
        if ((c & 0xf0) == 0x90) {
            return skipN(b, pos + 1, c & 0x0f);
        }
        return switch (c) {
            case 0xcc, 0xd0 -> pos + 2;
            case 0xcd, 0xd1 -> pos + 3;
            case 0xce, 0xd2, 0xca -> pos + 5;
            case 0xcf, 0xd3, 0xcb -> pos + 9;
            case 0xd9, 0xc4 -> pos + 2 + (b[pos + 1] & 0xff);
            case 0xda, 0xc5 -> pos + 3 + (((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff));
            case 0xdb, 0xc6 -> pos + 5 + (int) u32(b, pos + 1);
            case 0xdc -> skipN(b, pos + 3, ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff));
            case 0xdd -> skipN(b, pos + 5, u32(b, pos + 1));
            case 0xde -> skipN(b, pos + 3, 2L * (((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff)));
            case 0xdf -> skipN(b, pos + 5, 2 * u32(b, pos + 1));
            case 0xd4 -> pos + 3;
            case 0xd5 -> pos + 4;
            case 0xd6 -> pos + 6;
            case 0xd7 -> pos + 10;
            case 0xd8 -> pos + 18;
            case 0xc7 -> pos + 3 + (b[pos + 1] & 0xff);
            case 0xc8 -> pos + 4 + (((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff));
            case 0xc9 -> pos + 6 + (int) u32(b, pos + 1);
            default -> throw new IllegalArgumentException("msgpack type byte: 0x" + Integer.toHexString(c)
                + " (expected: a valid type)");
        };
    }

    private static int skipN(byte[] b, int pos, long n) {
        for (long i = 0; i < n; i++) {
            pos = skip(b, pos);
        }
        return pos;
    }
}
