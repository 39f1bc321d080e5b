package dev.peregrine.pipeline.json;

import org.msgpack.value.ImmutableValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JSON text to msgpack values as Fluent Bit v5.1.1's {@code flb_pack_json} does it with its default yyjson backend
 * (src/flb_pack.c {@code pack_json_to_msgpack_yyjson}, read flags STOP_WHEN_DONE | ALLOW_INVALID_UNICODE |
 * REPLACE_INVALID_UNICODE). Hand-written over bytes rather than on jackson-core because the results must match
 * where Jackson differs: raw bytes in strings are kept as they are (invalid UTF-8 and control characters
 * included), unpaired {@code \\uD800}-style escapes become U+FFFD with yyjson's exact consumption rules, and the
 * msgpack integer/float split follows yyjson.
 *
 * <p>Rules:
 * <ul>
 *   <li>The text is a sequence of JSON values separated by optional whitespace (space, tab, CR, LF); a Dummy string
 *   with several objects gives several values. When a value after the first is invalid, the rest is ignored; when
 *   the first is invalid, decoding fails.</li>
 *   <li>Objects keep duplicate keys and their order.</li>
 *   <li>A number without fraction or exponent is an integer when it fits int64 (negative) or uint64 (positive),
 *   otherwise a double; {@code -0} is integer 0; a number with {@code .}/{@code e}/{@code E} is a double
 *   ({@code -0.0} keeps its sign); a number too big for a double (1e400) is an error.</li>
 *   <li>Escapes: {@code \" \\ \/ \b \f \n \r \t \\uXXXX}; any other escape is an error. A lone or badly paired
 *   surrogate escape becomes U+FFFD (a high surrogate followed by another non-low {@code \\u} escape swallows
 *   it); a {@code \\u} with fewer than four hex digits is kept literally minus the character after the digits.</li>
 * </ul>
 * Thread-safe: each call decodes with a decoder of its own (decodeObjectTo reuses one per thread).
 */
public final class FluentJsonDecoder {
    /** Deeper nesting than this is refused instead of risking a stack overflow (yyjson has no limit). */
    public static final int MAX_DEPTH = 1000;

    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /** A scratch buffer larger than this is not kept by the thread's decoder once its line is done. */
    private static final int KEEP_SCRATCH = 64 * 1024;
    /** The decoder {@link #decodeObjectTo} reuses on each thread: one per line would be garbage per line. */
    private static final ThreadLocal<FluentJsonDecoder> LOCAL = ThreadLocal.withInitial(
        () -> new FluentJsonDecoder(null, 0, 0));

    private byte[] in;
    private int end;
    private int pos;
    private byte[] scratch;
    /** The last string scanned: its bytes are strBuf[strOff, strOff+strLen). */
    private byte[] strBuf;
    private int strOff;
    private int strLen;

    private FluentJsonDecoder(byte[] in, int off, int len) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
    }

    /** Decodes every JSON value in {@code text} (flb_pack_json on a config value such as dummy's Dummy). */
    public static List<Value> decodeAll(String text) {
        return decodeAll(text.getBytes(StandardCharsets.UTF_8));
    }

    public static List<Value> decodeAll(byte[] json) {
        return decodeAll(json, 0, json.length);
    }

    /**
     * Decodes the sequence of values in {@code json[off, off+len)}.
     *
     * @throws JsonDecodeException when the first value is not valid JSON
     */
    public static List<Value> decodeAll(byte[] json, int off, int len) {
        FluentJsonDecoder d = new FluentJsonDecoder(json, off, len);
        List<Value> out = new ArrayList<>(2);
        while (true) {
            d.skipWhitespace();
            if (d.pos >= d.end) {
                return out;
            }
            int mark = d.pos;
            try {
                out.add(d.readValue(0));
            } catch (JsonDecodeException e) {
                if (out.isEmpty()) {
                    throw e;
                }
                d.pos = mark;
                return out;
            }
        }
    }

    /** Only the maps of {@link #decodeAll(String)}: the records dummy generates from its Dummy string. */
    public static List<MapValue> decodeRecords(String text) {
        List<MapValue> maps = new ArrayList<>();
        for (Value v : decodeAll(text)) {
            if (v.isMapValue()) {
                maps.add(v.asMapValue());
            }
        }
        return maps;
    }

    /**
     * Decodes exactly one value, allowing only whitespace around it (for parsers of whole log lines).
     *
     * @throws JsonDecodeException when the text is not one valid JSON value
     */
    public static Value decodeOne(byte[] json, int off, int len) {
        FluentJsonDecoder d = new FluentJsonDecoder(json, off, len);
        d.skipWhitespace();
        Value v = d.readValue(0);
        d.skipWhitespace();
        if (d.pos != d.end) {
            throw new JsonDecodeException("unexpected content after document", d.pos);
        }
        return v;
    }

    public static Value decodeOne(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return decodeOne(b, 0, b.length);
    }

    /**
     * Decodes exactly one JSON object (whitespace allowed around it, same rules as {@link #decodeOne}) and appends it
     * to {@code out} as a msgpack map, without building values: the bytes are those packing the decoded tree gives.
     *
     * @return false (and nothing appended) when the text is not exactly one valid JSON object
     */
    public static boolean decodeObjectTo(byte[] json, int off, int len, ByteSink out) {
        FluentJsonDecoder d = LOCAL.get();
        if (d.in != null) {
            // re-entered on this thread (not done by the decoder itself): a decoder of its own
            d = new FluentJsonDecoder(null, 0, 0);
        }
        d.in = json;
        d.pos = off;
        d.end = off + len;
        try {
            return d.objectTo(out);
        } finally {
            d.in = null;
            d.strBuf = null;
            if (d.scratch != null && d.scratch.length > KEEP_SCRATCH) {
                d.scratch = null;
            }
        }
    }

    private boolean objectTo(ByteSink out) {
        skipWhitespace();
        if (peek() != '{') {
            return false;
        }
        int mark = out.size();
        try {
            writeObject(1, out);
            skipWhitespace();
            if (pos == end) {
                return true;
            }
        } catch (JsonDecodeException e) {
            // not valid JSON: nothing appended
        }
        out.truncate(mark);
        return false;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            // one comparison for the common case, a token right after the last (bytes >= 0x80 are negative)
            if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < end ? in[pos] & 0xFF : -1;
    }

    private ImmutableValue readValue(int depth) {
        int c = peek();
        switch (c) {
            case '{':
                return readObject(depth + 1);
            case '[':
                return readArray(depth + 1);
            case '"':
                return ValueFactory.newString(readString(), true);
            case 't':
                expectLiteral("true");
                return ValueFactory.newBoolean(true);
            case 'f':
                expectLiteral("false");
                return ValueFactory.newBoolean(false);
            case 'n':
                expectLiteral("null");
                return ValueFactory.newNil();
            case -1:
                throw new JsonDecodeException("unexpected end of data", pos);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw new JsonDecodeException("unexpected character", pos);
        }
    }

    private void expectLiteral(String lit) {
        int n = lit.length();
        if (end - pos < n) {
            throw new JsonDecodeException("invalid literal", pos);
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != lit.charAt(i)) {
                throw new JsonDecodeException("invalid literal", pos);
            }
        }
        pos += n;
    }

    private ImmutableValue readObject(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonDecodeException("nesting deeper than " + MAX_DEPTH, pos);
        }
        pos++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return ValueFactory.emptyMap();
        }
        Value[] kvs = new Value[8];
        int n = 0;
        while (true) {
            if (peek() != '"') {
                throw new JsonDecodeException("expected a string key", pos);
            }
            ImmutableValue key = ValueFactory.newString(readString(), true);
            skipWhitespace();
            if (peek() != ':') {
                throw new JsonDecodeException("expected ':'", pos);
            }
            pos++;
            skipWhitespace();
            ImmutableValue val = readValue(depth);
            if (n + 2 > kvs.length) {
                kvs = Arrays.copyOf(kvs, kvs.length * 2);
            }
            kvs[n++] = key;
            kvs[n++] = val;
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                return ValueFactory.newMap(n == kvs.length ? kvs : Arrays.copyOf(kvs, n), true);
            } else {
                throw new JsonDecodeException("expected ',' or '}'", pos);
            }
        }
    }

    private ImmutableValue readArray(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonDecodeException("nesting deeper than " + MAX_DEPTH, pos);
        }
        pos++; // '['
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return ValueFactory.emptyArray();
        }
        Value[] items = new Value[8];
        int n = 0;
        while (true) {
            ImmutableValue v = readValue(depth);
            if (n == items.length) {
                items = Arrays.copyOf(items, n * 2);
            }
            items[n++] = v;
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == ']') {
                pos++;
                return ValueFactory.newArray(n == items.length ? items : Arrays.copyOf(items, n), true);
            } else {
                throw new JsonDecodeException("expected ',' or ']'", pos);
            }
        }
    }

    private void writeValue(int depth, ByteSink out) {
        int c = peek();
        switch (c) {
            case '{' -> writeObject(depth + 1, out);
            case '[' -> writeArray(depth + 1, out);
            case '"' -> {
                scanString();
                MsgpackBytes.str(out, strBuf, strOff, strLen);
            }
            case 't' -> {
                expectLiteral("true");
                out.write(0xc3);
            }
            case 'f' -> {
                expectLiteral("false");
                out.write(0xc2);
            }
            case 'n' -> {
                expectLiteral("null");
                out.write(0xc0);
            }
            case -1 -> throw new JsonDecodeException("unexpected end of data", pos);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    writeNumber(out);
                } else {
                    throw new JsonDecodeException("unexpected character", pos);
                }
            }
        }
    }

    private void writeObject(int depth, ByteSink out) {
        if (depth > MAX_DEPTH) {
            throw new JsonDecodeException("nesting deeper than " + MAX_DEPTH, pos);
        }
        pos++; // '{'
        int header = out.size();
        out.write(0x80);
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        int n = 0;
        while (true) {
            if (peek() != '"') {
                throw new JsonDecodeException("expected a string key", pos);
            }
            scanString();
            MsgpackBytes.str(out, strBuf, strOff, strLen);
            skipWhitespace();
            if (peek() != ':') {
                throw new JsonDecodeException("expected ':'", pos);
            }
            pos++;
            skipWhitespace();
            writeValue(depth, out);
            n++;
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                MsgpackBytes.setContainerHeader(out, header, 1, n, true);
                return;
            } else {
                throw new JsonDecodeException("expected ',' or '}'", pos);
            }
        }
    }

    private void writeArray(int depth, ByteSink out) {
        if (depth > MAX_DEPTH) {
            throw new JsonDecodeException("nesting deeper than " + MAX_DEPTH, pos);
        }
        pos++; // '['
        int header = out.size();
        out.write(0x90);
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        int n = 0;
        while (true) {
            writeValue(depth, out);
            n++;
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == ']') {
                pos++;
                MsgpackBytes.setContainerHeader(out, header, 1, n, false);
                return;
            } else {
                throw new JsonDecodeException("expected ',' or ']'", pos);
            }
        }
    }

    private void writeNumber(ByteSink out) {
        int start = pos;
        boolean neg = in[pos] == '-';
        boolean real = scanNumber();
        int digits = pos - start - (neg ? 1 : 0);
        if (!real && digits <= 18) {
            long v = 0;
            for (int i = start + (neg ? 1 : 0); i < pos; i++) {
                v = v * 10 + (in[i] - '0');
            }
            MsgpackBytes.integer(out, neg ? -v : v);
            return;
        }
        ImmutableValue v = numberValue(start, neg, real);
        if (v.isFloatValue()) {
            MsgpackBytes.float64(out, v.asFloatValue().toDouble());
        } else if (v.asIntegerValue().isInLongRange()) {
            MsgpackBytes.integer(out, v.asIntegerValue().toLong());
        } else {
            MsgpackBytes.uint64(out, v.asIntegerValue().toBigInteger());
        }
    }

    private ImmutableValue readNumber() {
        int start = pos;
        boolean neg = in[pos] == '-';
        boolean real = scanNumber();
        return numberValue(start, neg, real);
    }

    /** Moves past a number (validating it); true when it has a fraction or exponent. */
    private boolean scanNumber() {
        if (in[pos] == '-') {
            pos++;
        }
        int c = peek();
        if (c < '0' || c > '9') {
            throw new JsonDecodeException("no digit after sign", pos);
        }
        if (c == '0') {
            pos++;
            int d = peek();
            if (d >= '0' && d <= '9') {
                throw new JsonDecodeException("number with leading zero is not allowed", pos - 1);
            }
        } else {
            while (isDigit(peek())) {
                pos++;
            }
        }
        boolean real = false;
        if (peek() == '.') {
            real = true;
            pos++;
            if (!isDigit(peek())) {
                throw new JsonDecodeException("no digit after decimal point", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        int e = peek();
        if (e == 'e' || e == 'E') {
            real = true;
            pos++;
            int s = peek();
            if (s == '+' || s == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new JsonDecodeException("no digit after exponent sign", pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return real;
    }

    private ImmutableValue numberValue(int start, boolean neg, boolean real) {
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (!real) {
            int digits = pos - start - (neg ? 1 : 0);
            if (digits <= 18) {
                return ValueFactory.newInteger(Long.parseLong(text));
            }
            BigInteger bi = new BigInteger(text);
            if (neg ? bi.compareTo(INT64_MIN) >= 0 : bi.compareTo(UINT64_MAX) <= 0) {
                return ValueFactory.newInteger(bi);
            }
            // too big for 64 bits: a correctly rounded double, as yyjson reads it
            return finite(new BigDecimal(bi).doubleValue(), start);
        }
        return finite(Double.parseDouble(text), start);
    }

    private static ImmutableValue finite(double d, int start) {
        if (Double.isInfinite(d)) {
            throw new JsonDecodeException("number is infinity when parsed as double", start);
        }
        return ValueFactory.newFloat(d);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Reads a string starting at its opening quote; returns a copy of its bytes. */
    private byte[] readString() {
        scanString();
        return Arrays.copyOfRange(strBuf, strOff, strOff + strLen);
    }

    /** Moves past a string starting at its opening quote; its decoded bytes are left in strBuf/strOff/strLen. */
    private void scanString() {
        pos++; // opening quote
        int start = pos;
        // Fast path: no escapes, so the bytes are the string.
        pos = ByteScan.indexOfQuoteOrBackslash(in, pos, end);
        if (pos < end && in[pos] == '"') {
            strBuf = in;
            strOff = start;
            strLen = pos - start;
            pos++;
            return;
        }
        if (pos >= end) {
            throw new JsonDecodeException("unclosed string", pos);
        }
        int n = pos - start;
        if (scratch == null || scratch.length < n + 16) {
            scratch = new byte[Math.max(n + 16, scratch == null ? 64 : scratch.length * 2)];
        }
        System.arraycopy(in, start, scratch, 0, n);
        while (true) {
            if (pos >= end) {
                throw new JsonDecodeException("unclosed string", pos);
            }
            byte c = in[pos];
            if (c == '"') {
                pos++;
                strBuf = scratch;
                strOff = 0;
                strLen = n;
                return;
            }
            if (n + 8 > scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            if (c != '\\') {
                scratch[n++] = c;
                pos++;
                continue;
            }
            int e = pos + 1 < end ? in[pos + 1] & 0xFF : -1;
            switch (e) {
                case '"' -> scratch[n++] = '"';
                case '\\' -> scratch[n++] = '\\';
                case '/' -> scratch[n++] = '/';
                case 'b' -> scratch[n++] = '\b';
                case 'f' -> scratch[n++] = '\f';
                case 'n' -> scratch[n++] = '\n';
                case 'r' -> scratch[n++] = '\r';
                case 't' -> scratch[n++] = '\t';
                case 'u' -> {
                    n = readUnicodeEscape(n);
                    continue;
                }
                default -> throw new JsonDecodeException("invalid escaped sequence in string", pos);
            }
            pos += 2;
        }
    }

    /** Four hex digits at {@code p}, or -1. */
    private int hex4(int p) {
        if (p + 4 > end) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = hexValue(in[p + i]);
            if (h < 0) {
                return -1;
            }
            v = (v << 4) | h;
        }
        return v;
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private int hexCount(int p) {
        int cnt = 0;
        while (cnt < 4 && p + cnt < end && hexValue(in[p + cnt]) >= 0) {
            cnt++;
        }
        return cnt;
    }

    /** Handles {@code \\u} at pos (yyjson read_uni_esc with REPLACE_INVALID_UNICODE); returns the new length. */
    private int readUnicodeEscape(int n) {
        int src = pos + 2; // after "\\u"
        int hi = hex4(src);
        if (hi < 0) {
            // keep "\\u" and the hex digits there are; skip the character after them unless it is a quote
            int cnt = hexCount(src);
            scratch[n++] = '\\';
            scratch[n++] = 'u';
            for (int i = 0; i < cnt; i++) {
                scratch[n++] = in[src + i];
            }
            src += cnt;
            int ch = src < end ? in[src] : 0;
            if (ch != 0 && ch != '"' && ch != '\'') {
                src++;
            }
            pos = src;
            return n;
        }
        src += 4;
        if ((hi & 0xF800) != 0xD800) {
            n = putUtf8(hi, n);
        } else if ((hi & 0xFC00) == 0xD800) {
            if (!(src + 1 < end && in[src] == '\\' && in[src + 1] == 'u')) {
                n = putReplacement(n);
            } else {
                int lo = hex4(src + 2);
                if (lo < 0) {
                    src += 2 + hexCount(src + 2);
                    n = putReplacement(n);
                } else if ((lo & 0xFC00) != 0xDC00) {
                    src += 6;
                    n = putReplacement(n);
                } else {
                    int cp = (((hi - 0xD800) << 10) | (lo - 0xDC00)) + 0x10000;
                    scratch[n++] = (byte) (0xF0 | (cp >> 18));
                    scratch[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    scratch[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    scratch[n++] = (byte) (0x80 | (cp & 0x3F));
                    src += 6;
                }
            }
        } else {
            n = putReplacement(n);
        }
        pos = src;
        return n;
    }

    private int putReplacement(int n) {
        scratch[n++] = (byte) 0xEF;
        scratch[n++] = (byte) 0xBF;
        scratch[n++] = (byte) 0xBD;
        return n;
    }

    private int putUtf8(int c, int n) {
        if (c >= 0x800) {
            scratch[n++] = (byte) (0xE0 | (c >> 12));
            scratch[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            scratch[n++] = (byte) (0x80 | (c & 0x3F));
        } else if (c >= 0x80) {
            scratch[n++] = (byte) (0xC0 | (c >> 6));
            scratch[n++] = (byte) (0x80 | (c & 0x3F));
        } else {
            scratch[n++] = (byte) c;
        }
        return n;
    }
}
