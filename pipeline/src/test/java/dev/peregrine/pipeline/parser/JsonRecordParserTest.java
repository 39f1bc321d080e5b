package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.fuzz.ByteMutator;
import dev.peregrine.pipeline.json.ByteSink;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The JSON parser's two paths (a decoded map, and msgpack written straight from the text for the tail input) give the
 * same record: same bytes, same time, same lines refused, across Time_Key/Time_Keep settings and mutated lines.
 */
class JsonRecordParserTest {
    private static final String[] SEEDS = {
        "{\"time\":\"28/Nov/2026:01:02:03 +0000\",\"level\":\"info\",\"worker\":3,\"msg\":\"a b\",\"status\":200}",
        "{\"a\":1,\"time\":\"28/Nov/2026:01:02:03 +0000\",\"time\":\"x\"}",
        "{\"time\":12,\"b\":\"28/Nov/2026:01:02:03 +0000\"}",
        "{\"time\":\"not a time\",\"k\":[1,2.5,-3,true,false,null,{\"n\":{}}]}",
        "  {\"esc\":\"a\\n\\t\\\"\\u00e9\\ud83d\\ude00\\ud800x\",\"neg\":-129,\"big\":18446744073709551615,"
            + "\"bigger\":18446744073709551616,\"min\":-9223372036854775808,\"f\":-0.0,\"e\":1e3}  ",
        "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,"
            + "\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"time\":\"28/Nov/2026:01:02:03 +0000\"}",
        "{\"arr\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16],\"s\":\"" + "y".repeat(300) + "\"}",
        "[1,2]",
        "\"text\"",
        "{}",
        "{\"a\":1}{\"b\":2}",
    };

    private static ParserSettings settings(boolean keep, boolean withFormat) {
        return new ParserSettings("j", "time", withFormat ? new TimeFormat("%d/%b/%Y:%H:%M:%S %z", 0) : null, keep,
            true, null, null, true, false);
    }

    private static byte[] pack(Parser.Result r) throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packValue(r.body());
            return p.toByteArray();
        }
    }

    private static void assertSame(JsonRecordParser parser, byte[] line) throws Exception {
        Parser.Result tree = parser.parse(line, 0, line.length);
        ByteSink out = new ByteSink(16);
        out.write('#');
        EventTime t = parser.parseTo(line, 0, line.length, out);
        String what = new String(line, StandardCharsets.ISO_8859_1);
        if (tree == null) {
            assertNull(t, what);
            assertEquals(1, out.size(), what);
            return;
        }
        assertArrayEquals(pack(tree), Arrays.copyOfRange(out.array(), 1, out.size()), what);
        assertEquals(tree.time() == null ? Parser.NO_TIME : tree.time(), t, what);
    }

    @Test
    void parseTo_writesTheBytesOfThePackedParse_forEverySetting() throws Exception {
        List<JsonRecordParser> parsers = new ArrayList<>();
        for (boolean keep : new boolean[] {false, true}) {
            for (boolean format : new boolean[] {false, true}) {
                parsers.add(new JsonRecordParser(settings(keep, format)));
            }
        }
        List<byte[]> dict = List.of("\\u".getBytes(StandardCharsets.US_ASCII), "\"".getBytes(StandardCharsets.US_ASCII),
            "{".getBytes(StandardCharsets.US_ASCII), "]".getBytes(StandardCharsets.US_ASCII),
            "1e400".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff});
        Random r = new Random(20261128);
        for (String seed : SEEDS) {
            byte[] line = seed.getBytes(StandardCharsets.UTF_8);
            for (JsonRecordParser p : parsers) {
                assertSame(p, line);
            }
            for (int i = 0; i < 300; i++) {
                byte[] m = ByteMutator.mutate(r, line.clone(), dict);
                for (JsonRecordParser p : parsers) {
                    assertSame(p, m);
                }
            }
        }
    }

    @Test
    void parseTo_removesTheTimeKey_andShrinksTheMapHeader() throws Exception {
        JsonRecordParser p = new JsonRecordParser(settings(false, true));
        byte[] line = SEEDS[5].getBytes(StandardCharsets.UTF_8);
        ByteSink out = new ByteSink();
        EventTime t = p.parseTo(line, 0, line.length, out);
        assertEquals(EventTime.ofMillis(1795827723000L), t);
        assertEquals(0x80 | 15, out.array()[0] & 0xff);
    }
}
