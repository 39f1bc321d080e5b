package dev.peregrine.pipeline.json;

import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per Fluent Bit conversion rule (see the package doc for the sources). */
class JsonRulesTest {
    private static final JsonEncoder ESC = new JsonEncoder(true, false);
    private static final JsonEncoder RAW = new JsonEncoder(false, false);

    private static byte[] b(int... v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (byte) v[i];
        }
        return r;
    }

    private static String str(JsonEncoder enc, byte[] raw) {
        ByteSink s = new ByteSink();
        enc.writeStringBody(raw, s);
        return new String(s.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private static String latin1(int... v) {
        return new String(b(v), StandardCharsets.ISO_8859_1);
    }

    private static String json(double d) {
        ByteSink s = new ByteSink();
        FloatTextEncoder.writeJson(d, false, s);
        return s.toString();
    }

    private static String fixed6(double d) {
        ByteSink s = new ByteSink();
        FloatTextEncoder.writeFixed(d, 6, s);
        return s.toString();
    }

    @Test
    void jsonFloatsUseG16OrPoint1WhenIntegral() {
        assertEquals("0.25", json(0.25));
        assertEquals("1e-07", json(1e-7));
        assertEquals("1e+20", json(1e20));
        assertEquals("123456.789", json(123456.789));
        assertEquals("0.3333333333333333", json(1 / 3.0));
        assertEquals("5e-05", json(5e-5));
        assertEquals("0.0001", json(1e-4));
        assertEquals("1.0", json(1.0));
        assertEquals("-0.0", json(-0.0));
        assertEquals("1700000001.0", json(1700000000 + 999999999 / 1e9));
        assertEquals("1700000000.123457", json(1700000000 + 123456789 / 1e9));
        // tie at the 16th digit rounds to even on the exact binary value
        assertEquals("1000000000000000", json(1000000000000000.5));
        // (double)(long long) of 2^63 is INT64_MIN on x86-64, so 2^63 is not "integral" but -2^63 is
        assertEquals("9.223372036854776e+18", json(9.223372036854775808E18));
        assertEquals("-9223372036854775808.0", json(-9.223372036854775808E18));
        assertEquals("nan", json(Double.NaN));
        assertEquals("inf", json(Double.POSITIVE_INFINITY));
        assertEquals("-inf", json(Double.NEGATIVE_INFINITY));
        ByteSink s = new ByteSink();
        FloatTextEncoder.writeJson(Double.NaN, true, s);
        assertEquals("null", s.toString());
    }

    @Test
    void printfFixedIsExact() {
        assertEquals("0.100000", fixed6(0.1));
        assertEquals("-0.000000", fixed6(-2.5e-7));
        assertEquals("-0.000000", fixed6(-0.0));
        assertEquals("123456789012345677877719597056.000000", fixed6(123456789012345678901234567890.0));
        String big = fixed6(1e300);
        assertEquals(301 + 7, big.length());
        assertTrue(big.startsWith("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160."));
        assertEquals("3.141593", fixed6(3.14159265358979));
        assertEquals("0.000000", fixed6(5e-7)); // 5e-7 is slightly below the tie in binary
    }

    @Test
    void asciiEscapes() {
        assertEquals("a\\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0001\\u000b\\u001b\\u007f\\u0000",
                str(ESC, "a\"b\\c/d\n\r\t\b\f\u0001\u000b\u001b\u007f\u0000".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\\u0001", str(RAW, b(1)));
    }

    @Test
    void escapeUnicodeWritesUtf16Escapes() {
        assertEquals("caf\\u00e9 \\u2603 \\ud83d\\ude00", str(ESC, "café ☃ 😀".getBytes(StandardCharsets.UTF_8)));
        // overlong forms pass Fluent Bit's decoder
        assertEquals("\\u0000x", str(ESC, b(0xC0, 0x80, 'x')));
    }

    @Test
    void invalidUtf8BecomesPrivateUseWhenEscaping() {
        // 0xFF with 5+ bytes after it: mapped to U+E0FF
        assertEquals(latin1(0xEE, 0x83, 0xBF) + "abcdef", str(ESC, b(0xFF, 'a', 'b', 'c', 'd', 'e', 'f')));
        // a lead byte whose announced length runs past the end is dropped
        assertEquals("a", str(ESC, b('a', 0xFF)));
        assertEquals("x" + latin1(0xEE, 0x82, 0xB8), str(ESC, b('x', 0xE4, 0xB8)));
        // bad continuation: the lead is mapped, the next byte is read again
        assertEquals(latin1(0xEE, 0x83, 0x83) + "A", str(ESC, b(0xC3, 'A')));
        // encoded surrogate: rejected on the last byte
        assertEquals(latin1(0xEE, 0x83, 0xAD, 0xEE, 0x82, 0xA0, 0xEE, 0x82, 0x80) + "xy",
                str(ESC, b(0xED, 0xA0, 0x80, 'x', 'y')));
    }

    @Test
    void rawModeKeepsValidUtf8AndReplacesInvalidBytes() {
        assertEquals(latin1(0xC3, 0xA9), str(RAW, b(0xC3, 0xA9)));
        assertEquals(latin1(0xEF, 0xBF, 0xBD), str(RAW, b(0xFF)));
        assertEquals(latin1(0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD), str(RAW, b(0xC0, 0x80)));
    }

    @Test
    void duplicateKeysKeepLastAtItsPosition() {
        Value v = FluentJsonDecoder.decodeOne("{\"dup\":1,\"a\":\"x\",\"dup\":2,\"m\":{\"k\":\"first\",\"k\":\"second\"}}");
        assertEquals(4, v.asMapValue().size(), "the decoder keeps duplicates");
        assertEquals("{\"a\":\"x\",\"dup\":2,\"m\":{\"k\":\"second\"}}",
                new String(ESC.toJson(v), StandardCharsets.UTF_8));
        // large maps take the hashed path and give the same result
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            sb.append("\"k").append(i % 10).append("\":").append(i).append(i < 29 ? "," : "}");
        }
        String out = new String(ESC.toJson(FluentJsonDecoder.decodeOne(sb.toString())), StandardCharsets.UTF_8);
        assertEquals("{\"k0\":20,\"k1\":21,\"k2\":22,\"k3\":23,\"k4\":24,\"k5\":25,\"k6\":26,\"k7\":27,\"k8\":28,\"k9\":29}", out);
        // non-string keys are written unquoted and never deduplicated
        Value m = ValueFactory.newMap(ValueFactory.newInteger(1), ValueFactory.newString("a"),
                ValueFactory.newInteger(1), ValueFactory.newString("b"));
        assertEquals("{1:\"a\",1:\"b\"}", new String(ESC.toJson(m), StandardCharsets.UTF_8));
    }

    @Test
    void extAndBinInJson() {
        Value ext = ValueFactory.newExtension((byte) 1, b(0x01, 0x80));
        assertEquals("\"\\x01\\xffffff80\"", new String(ESC.toJson(ext), StandardCharsets.UTF_8));
        assertEquals("\"a\\n\"", new String(ESC.toJson(ValueFactory.newBinary(b('a', '\n'))), StandardCharsets.UTF_8));
    }

    @Test
    void decoderNumbers() {
        assertEquals(ValueFactory.newInteger(new BigInteger("18446744073709551615")),
                FluentJsonDecoder.decodeOne("18446744073709551615"));
        assertEquals(ValueFactory.newInteger(Long.MIN_VALUE), FluentJsonDecoder.decodeOne("-9223372036854775808"));
        assertEquals(ValueFactory.newFloat(1.8446744073709552E19), FluentJsonDecoder.decodeOne("18446744073709551616"));
        assertEquals(ValueFactory.newFloat(-9.223372036854775809E18), FluentJsonDecoder.decodeOne("-9223372036854775809"));
        assertEquals(ValueFactory.newFloat(123456789012345678901234567890.0),
                FluentJsonDecoder.decodeOne("123456789012345678901234567890"));
        assertEquals(ValueFactory.newInteger(0), FluentJsonDecoder.decodeOne("-0"));
        Value negZero = FluentJsonDecoder.decodeOne("-0.0");
        assertTrue(negZero.isFloatValue());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(negZero.asFloatValue().toDouble()));
        assertTrue(FluentJsonDecoder.decodeOne("1e5").isFloatValue());
        assertEquals(1e300, FluentJsonDecoder.decodeOne("1E+300").asFloatValue().toDouble());
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("1e400"));
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("01"));
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("1."));
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("-"));
    }

    private static byte[] strBytes(String json) {
        return FluentJsonDecoder.decodeOne(json).asRawValue().asByteArray();
    }

    @Test
    void decoderStringsAndSurrogates() {
        assertArrayEquals(b(0xEF, 0xBF, 0xBD, 'x'), strBytes("\"\\ud800x\""));
        assertArrayEquals(b(0xEF, 0xBF, 0xBD), strBytes("\"\\udc00\""));
        // a high surrogate followed by a non-low escape swallows that escape
        assertArrayEquals(b(0xEF, 0xBF, 0xBD, 'z'), strBytes("\"\\ud83d\\u0041z\""));
        assertArrayEquals("😀".getBytes(StandardCharsets.UTF_8), strBytes("\"\\ud83d\\ude00\""));
        assertArrayEquals(b('a', 0, 'b'), strBytes("\"a\\u0000b\""));
        assertArrayEquals("a/b".getBytes(StandardCharsets.UTF_8), strBytes("\"a\\/b\""));
        // short \\u: kept literally, the character after the digits is skipped
        assertArrayEquals("\\u124".getBytes(StandardCharsets.UTF_8), strBytes("\"\\u12G4\""));
        // raw invalid UTF-8 and control characters are kept as they are
        assertArrayEquals(b(0xFF, 0x01), FluentJsonDecoder.decodeOne(b('"', 0xFF, 0x01, '"'), 0, 4)
                .asRawValue().asByteArray());
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("\"\\x\""));
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("\"abc"));
    }

    @Test
    void decodeAllSplitsDummyStrings() {
        List<Value> v = FluentJsonDecoder.decodeAll("{\"a\":1} {\"b\":2}\n[3]");
        assertEquals(3, v.size());
        assertEquals(1, FluentJsonDecoder.decodeAll("{\"a\":1} junk").size());
        assertEquals(2, FluentJsonDecoder.decodeRecords("{\"a\":1} 5 {\"b\":{}}").size());
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeAll("junk {\"a\":1}"));
        assertTrue(FluentJsonDecoder.decodeAll("  ").isEmpty());
        assertThrows(JsonDecodeException.class, () -> FluentJsonDecoder.decodeOne("{\"a\":1,}"));
    }

    @Test
    void msgpackPrint() {
        ByteSink s = new ByteSink();
        Value m = ValueFactory.newMap(ValueFactory.newString("s"), ValueFactory.newString("q\"\n"),
                ValueFactory.newString("bin"), ValueFactory.newBinary(b('"', 'a', 0, 0xFF)),
                ValueFactory.newString("e"), ValueFactory.newExtension((byte) 5, b('x')),
                ValueFactory.newString("a"), ValueFactory.newArray(ValueFactory.newNil(), ValueFactory.newBoolean(true),
                        ValueFactory.newFloat(0.25), ValueFactory.newInteger(-5)));
        MsgpackTextEncoder.encode(m, s);
        assertEquals("{\"s\"=>\"q\"\n\", \"bin\"=>\"\\\"a\\x00\\xff\", \"e\"=>(ext: 5)\"x\", \"a\"=>[nil, true, 0.250000, -5]}",
                s.toString());
    }
}
