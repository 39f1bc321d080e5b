package dev.peregrine.pipeline.json;

import org.msgpack.value.ArrayValue;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * msgpack to JSON exactly as Fluent Bit's {@code flb_msgpack_to_json} ({@code msgpack2json} in src/flb_pack.c).
 *
 * <ul>
 *   <li>Maps drop duplicate string keys: a key is written only at its last occurrence, with that occurrence's
 *   value (so the survivor sits where the last duplicate was). Non-string keys are written as their JSON value,
 *   unquoted, and never count as duplicates.</li>
 *   <li>Integers as {@code %PRIu64}/{@code %PRId64}; floats via {@link FloatTextEncoder#writeJson}.</li>
 *   <li>str and bin as JSON strings escaped by {@code flb_utils_write_str} (see {@link #writeStringBody}); ext as
 *   {@code "\xNN..."} with the sign extension of a C {@code char} ({@code \xffffff80} for 0x80).</li>
 * </ul>
 * Instances are immutable and thread-safe; all state lives in the caller's {@link ByteSink}.
 */
public final class JsonEncoder {
    /** JSON escapes of the ASCII bytes that flb_utils_write_str escapes; null where the byte is copied. */
    private static final byte[][] ESCAPES = new byte[128][];
    /** Length of the UTF-8 sequence a lead byte announces, as Fluent Bit's flb_utf8_len (up to 6). */
    private static final byte[] SEQ_LEN = new byte[256];
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    /** Maps up to this size are checked for duplicate keys pairwise; larger ones with a hash map. */
    private static final int PAIRWISE_DUP_LIMIT = 12;

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = ascii(String.format("\\u%04x", c));
        }
        ESCAPES['"'] = ascii("\\\"");
        ESCAPES['\\'] = ascii("\\\\");
        ESCAPES['\n'] = ascii("\\n");
        ESCAPES['\r'] = ascii("\\r");
        ESCAPES['\t'] = ascii("\\t");
        ESCAPES['\b'] = ascii("\\b");
        ESCAPES['\f'] = ascii("\\f");
        ESCAPES[0x7F] = ascii("\\u007f");
        for (int b = 0; b < 256; b++) {
            SEQ_LEN[b] = (byte) (b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : b < 0xFC ? 5 : 6);
        }
    }

    private final boolean escapeUnicode;
    private final boolean nanToNull;

    /**
     * @param escapeUnicode json.escape_unicode: non-ASCII as {@code \\uXXXX} (invalid bytes as U+E0NN) when true,
     *                      raw valid UTF-8 (invalid bytes as U+FFFD) when false
     * @param nanToNull     json.convert_nan_to_null
     */
    public JsonEncoder(boolean escapeUnicode, boolean nanToNull) {
        this.escapeUnicode = escapeUnicode;
        this.nanToNull = nanToNull;
    }

    public boolean escapeUnicode() {
        return escapeUnicode;
    }

    /** Appends the JSON text of {@code v}. */
    public void encode(Value v, ByteSink out) {
        switch (v.getValueType()) {
            case NIL -> out.write(NULL);
            case BOOLEAN -> out.write(v.asBooleanValue().getBoolean() ? TRUE : FALSE);
            case INTEGER -> writeInteger(v.asIntegerValue(), out);
            case FLOAT -> FloatTextEncoder.writeJson(v.asFloatValue().toDouble(), nanToNull, out);
            case STRING, BINARY -> {
                out.write('"');
                writeStringBody(v.asRawValue().asByteBuffer(), out);
                out.write('"');
            }
            case EXTENSION -> writeExt(v.asExtensionValue(), out);
            case ARRAY -> writeArray(v.asArrayValue(), out);
            case MAP -> writeMap(v.asMapValue().getKeyValueArray(), out);
            default -> throw new IllegalStateException("unknown msgpack type " + v.getValueType());
        }
    }

    /** {@link #encode} into a new array (for tests and one-off uses; hot paths pass a reused sink). */
    public byte[] toJson(Value v) {
        ByteSink s = new ByteSink();
        encode(v, s);
        return s.toByteArray();
    }

    static void writeInteger(IntegerValue iv, ByteSink out) {
        if (iv.isInLongRange()) {
            out.writeLong(iv.asLong());
        } else {
            out.writeAscii(iv.asBigInteger().toString());
        }
    }

    private void writeExt(ExtensionValue ext, ByteSink out) {
        out.write('"');
        for (byte b : ext.getData()) {
            out.write('\\').write('x');
            if (b < 0) {
                // printf("%02x", (char) b): the signed char is promoted to int before formatting
                out.writeAscii("ffffff");
            }
            out.writeHex2(b);
        }
        out.write('"');
    }

    private void writeArray(ArrayValue a, ByteSink out) {
        out.write('[');
        int n = a.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            encode(a.get(i), out);
        }
        out.write(']');
    }

    /** Writes a map given as alternating keys and values, dropping earlier duplicates of string keys. */
    void writeMap(Value[] kvs, ByteSink out) {
        out.write('{');
        boolean[] skip = duplicates(kvs);
        int packed = 0;
        for (int i = 0; i < kvs.length; i += 2) {
            if (skip != null && skip[i >> 1]) {
                continue;
            }
            if (packed++ > 0) {
                out.write(',');
            }
            encode(kvs[i], out);
            out.write(':');
            encode(kvs[i + 1], out);
        }
        out.write('}');
    }

    /**
     * Which entries have a later entry with an equal string key (those are skipped), or null when none has.
     * Small maps compare pairwise like Fluent Bit; big ones use a hash of the key bytes to stay linear.
     */
    static boolean[] duplicates(Value[] kvs) {
        int n = kvs.length >> 1;
        if (n < 2) {
            return null;
        }
        boolean[] skip = null;
        if (n <= PAIRWISE_DUP_LIMIT) {
            for (int i = 0; i < n - 1; i++) {
                Value k = kvs[i << 1];
                if (!k.isStringValue()) {
                    continue;
                }
                ByteBuffer kb = null;
                for (int j = i + 1; j < n; j++) {
                    Value o = kvs[j << 1];
                    if (!o.isStringValue()) {
                        continue;
                    }
                    if (kb == null) {
                        kb = k.asRawValue().asByteBuffer();
                    }
                    if (kb.equals(o.asRawValue().asByteBuffer())) {
                        if (skip == null) {
                            skip = new boolean[n];
                        }
                        skip[i] = true;
                        break;
                    }
                }
            }
            return skip;
        }
        Map<ByteBuffer, Integer> last = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Value k = kvs[i << 1];
            if (k.isStringValue()) {
                Integer prev = last.put(k.asRawValue().asByteBuffer(), i);
                if (prev != null) {
                    if (skip == null) {
                        skip = new boolean[n];
                    }
                    skip[prev] = true;
                }
            }
        }
        return skip;
    }

    /** Appends the escaped body of a JSON string (without quotes) from raw bytes. */
    public void writeStringBody(byte[] s, ByteSink out) {
        writeStringBody(ByteBuffer.wrap(s), out);
    }

    /**
     * Appends the escaped body of a JSON string from the bytes between {@code s}'s position and limit, as
     * flb_utils_write_str: the ASCII escape table always; then with escape_unicode each UTF-8 sequence as
     * {@code \\uXXXX} (surrogate pairs beyond the BMP), decoded by Fluent Bit's lenient decoder (overlong forms are
     * accepted), each byte of an invalid sequence as the 3-byte UTF-8 of U+E0NN, and a lead byte whose announced
     * length runs past the end dropped; without escape_unicode valid UTF-8 is copied and each invalid byte is
     * replaced by U+FFFD.
     */
    public void writeStringBody(ByteBuffer s, ByteSink out) {
        int start = s.position();
        int end = s.limit();
        int i = start;
        // Fast path: copy the run of bytes that need no escaping in one go.
        while (i < end) {
            int c = s.get(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) {
                break;
            }
            i++;
        }
        if (i > start) {
            out.write(s.duplicate().position(start).limit(i));
        }
        if (i == end) {
            return;
        }
        if (escapeUnicode) {
            writeEscaped(s, i, end, out);
        } else {
            writeRaw(s, i, end, out);
        }
    }

    private static void writeEscaped(ByteBuffer s, int i, int end, ByteSink out) {
        while (i < end) {
            int c = s.get(i) & 0xFF;
            if (c < 0x80) {
                byte[] esc = ESCAPES[c];
                if (esc != null) {
                    out.write(esc);
                } else {
                    out.write(c);
                }
                i++;
                continue;
            }
            int seqLen = SEQ_LEN[c];
            if (i + seqLen > end) {
                // Fluent Bit skips a lead byte whose sequence would run past the end (the rest is reprocessed)
                i++;
                continue;
            }
            // Fluent Bit's decoder: lead byte sets the count, continuation bytes must be 10xxxxxx, the result must
            // not be a surrogate or above U+10FFFF; overlong forms pass.
            int cp;
            int need;
            if ((c & 0xE0) == 0xC0) {
                cp = c & 0x1F;
                need = 1;
            } else if ((c & 0xF0) == 0xE0) {
                cp = c & 0x0F;
                need = 2;
            } else if ((c & 0xF8) == 0xF0) {
                cp = c & 0x07;
                need = 3;
            } else {
                writePrivateUse(c, out);
                i++;
                continue;
            }
            int n = 1;
            boolean ok = true;
            for (; n <= need; n++) {
                int cc = s.get(i + n) & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (ok && ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) {
                // rejected on the last byte: the bytes before it are mapped, the last one is seen again
                ok = false;
                n = need;
            }
            if (ok) {
                if (cp > 0xFFFF) {
                    int v = cp - 0x10000;
                    out.write('\\').write('u').writeHex4(0xD800 + (v >> 10));
                    out.write('\\').write('u').writeHex4(0xDC00 + (v & 0x3FF));
                } else {
                    out.write('\\').write('u').writeHex4(cp);
                }
                i += need + 1;
            } else {
                for (int k = 0; k < n; k++) {
                    writePrivateUse(s.get(i + k) & 0xFF, out);
                }
                i += n;
            }
        }
    }

    /** The UTF-8 bytes of U+E0NN for an invalid byte NN (Fluent Bit's FLB_UTILS_FRAGMENT_PRIVATE_BLOCK 0xE0). */
    private static void writePrivateUse(int b, ByteSink out) {
        out.write(0xEE).write(0x80 | (b >> 6)).write(0x80 | (b & 0x3F));
    }

    private static void writeRaw(ByteBuffer s, int i, int end, ByteSink out) {
        while (i < end) {
            int c = s.get(i) & 0xFF;
            if (c < 0x80) {
                byte[] esc = ESCAPES[c];
                if (esc != null) {
                    out.write(esc);
                } else {
                    out.write(c);
                }
                i++;
                continue;
            }
            int n = validUtf8Length(s, i, end);
            if (n == 0) {
                out.write(0xEF).write(0xBF).write(0xBD);
                i++;
            } else {
                for (int k = 0; k < n; k++) {
                    out.write(s.get(i + k));
                }
                i += n;
            }
        }
    }

    /** Strict UTF-8 check of one sequence (no overlongs, no surrogates, at most U+10FFFF); 0 when invalid. */
    private static int validUtf8Length(ByteBuffer s, int i, int end) {
        int c = s.get(i) & 0xFF;
        int max = end - i;
        int n;
        int c1 = max > 1 ? s.get(i + 1) & 0xFF : -1;
        if ((c & 0xE0) == 0xC0) {
            if (c < 0xC2) {
                return 0;
            }
            n = 2;
        } else if ((c & 0xF0) == 0xE0) {
            if (c == 0xE0 && c1 >= 0 && c1 < 0xA0) {
                return 0;
            }
            if (c == 0xED && c1 >= 0xA0) {
                return 0;
            }
            n = 3;
        } else if ((c & 0xF8) == 0xF0) {
            if (c == 0xF0 && c1 >= 0 && c1 < 0x90) {
                return 0;
            }
            if (c > 0xF4) {
                return 0;
            }
            if (c == 0xF4 && c1 > 0x8F) {
                return 0;
            }
            n = 4;
        } else {
            return 0;
        }
        if (max < n) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((s.get(i + k) & 0xC0) != 0x80) {
                return 0;
            }
        }
        return n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
