package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.EventTime;
import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MultilineStreamTest {
    record Rec(EventTime time, MapValue meta, MapValue body, boolean forced) {
    }

    private final List<Rec> out = new ArrayList<>();

    private MultilineStream stream(MultilineSpec... specs) {
        return new MultilineStream(List.of(specs), (t, m, b, f) -> out.add(new Rec(t, m, b, f)));
    }

    private static void line(MultilineStream s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.append(b, 0, b.length);
    }

    @Test
    void dockerJoinsPartialsPerStreamKeepingTheFirstPartsTimeAndKeys() {
        MultilineStream s = stream(BuiltinMultilineParsers.docker());
        line(s, "{\"log\":\"a \",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:06.000000001Z\"}");
        line(s, "{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-02T03:04:06.5Z\"}");
        line(s, "{\"log\":\"b\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:07Z\"}");
        assertEquals(2, out.size());
        assertEquals("{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-02T03:04:06.5Z\"}",
            out.get(0).body().toJson());
        assertEquals("{\"log\":\"a b\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:06.000000001Z\"}",
            out.get(1).body().toJson());
        assertEquals(new EventTime(1704164646, 1), out.get(1).time());
    }

    @Test
    void dockerWholeLineRecord_keepsItsKeysAndValues_andARepeatedLogKeyTakesTheFirstLog() {
        MultilineStream s = stream(BuiltinMultilineParsers.docker());
        line(s, "{\"log\":\"x \\\"q\\\" \\u00e9\\n\",\"stream\":\"stdout\",\"attrs\":{\"a\":[1,true]},"
            + "\"time\":\"2024-01-02T03:04:06.25Z\"}");
        line(s, "{\"log\":\"one\\n\",\"log\":\"two\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:07Z\"}");
        assertEquals(2, out.size());
        assertEquals("{\"log\":\"x \\\"q\\\" é\\n\",\"stream\":\"stdout\",\"attrs\":{\"a\":[1,true]},"
            + "\"time\":\"2024-01-02T03:04:06.25Z\"}", out.get(0).body().toJson());
        assertEquals(new EventTime(1704164646, 250_000_000), out.get(0).time());
        assertEquals("{\"log\":\"one\\n\",\"log\":\"one\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:07Z\"}",
            out.get(1).body().toJson());
    }

    @Test
    void dockerPendingPartialIsFlushedByTheTimerOrByAPlainLine() {
        MultilineStream s = stream(BuiltinMultilineParsers.docker());
        line(s, "{\"log\":\"part\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:06Z\"}");
        assertEquals(0, out.size());
        line(s, "plain text");
        assertEquals(2, out.size());
        assertEquals("{\"log\":\"part\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:06Z\"}",
            out.get(0).body().toJson());
        assertEquals("{\"log\":\"plain text\"}", out.get(1).body().toJson());
        line(s, "{\"log\":\"again\",\"stream\":\"stdout\",\"time\":\"2024-01-02T03:04:06Z\"}");
        s.flushPending(true);
        assertEquals(3, out.size());
        assertEquals(true, out.get(2).forced());
    }

    @Test
    void criJoinsPUntilFAndKeepsTheFirstP() {
        MultilineStream s = stream(BuiltinMultilineParsers.cri());
        line(s, "2024-01-02T03:04:06.000000001Z stdout P partial a ");
        line(s, "2024-01-02T03:04:06.000000002Z stderr F other");
        line(s, "2024-01-02T03:04:06.000000003Z stdout F end");
        assertEquals(2, out.size());
        assertEquals("{\"time\":\"2024-01-02T03:04:06.000000002Z\",\"stream\":\"stderr\",\"_p\":\"F\",\"log\":\"other\"}",
            out.get(0).body().toJson());
        assertEquals("{\"time\":\"2024-01-02T03:04:06.000000001Z\",\"stream\":\"stdout\",\"_p\":\"P\","
            + "\"log\":\"partial a end\"}", out.get(1).body().toJson());
        assertEquals(new EventTime(1704164646, 1), out.get(1).time());
    }

    @Test
    void criTimeWithOffsetAndWithoutFraction() {
        MultilineStream s = stream(BuiltinMultilineParsers.cri());
        line(s, "2024-01-02T03:04:08.000000000+02:00 stdout F offset time");
        line(s, "2024-01-02T03:04:10Z stdout F no fraction");
        assertEquals(new EventTime(1704157448, 0), out.get(0).time());
        assertEquals(new EventTime(1704164650, 0), out.get(1).time());
    }

    @Test
    void dockerThenCriMixedFile() {
        MultilineStream s = stream(BuiltinMultilineParsers.docker(), BuiltinMultilineParsers.cri());
        line(s, "{\"log\":\"part1 \",\"stream\":\"stderr\",\"time\":\"2026-01-01T00:00:01Z\"}");
        line(s, "{\"log\":\"part2\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-01T00:00:02Z\"}");
        line(s, "2026-01-01T00:00:03Z stdout P cri partial ");
        line(s, "2026-01-01T00:00:04Z stdout F end");
        assertEquals(2, out.size());
        assertEquals("part1 part2\n", out.get(0).body().map().get(
            org.msgpack.value.ValueFactory.newString("log")).asStringValue().toString());
        assertEquals("cri partial end", out.get(1).body().map().get(
            org.msgpack.value.ValueFactory.newString("log")).asStringValue().toString());
    }

    @Test
    void javaStackTraceIsOneRecordEndingWithANewline() {
        MultilineStream s = stream(BuiltinMultilineParsers.java());
        line(s, "Exception in thread \"main\" java.lang.IllegalStateException: boom");
        line(s, "\tat a.B.c(B.java:1)");
        line(s, "\tat a.B.main(B.java:2)");
        line(s, "next line");
        assertEquals(2, out.size());
        assertEquals("{\"log\":\"Exception in thread \\\"main\\\" java.lang.IllegalStateException: boom\\n"
            + "\\tat a.B.c(B.java:1)\\n\\tat a.B.main(B.java:2)\\n\"}", out.get(0).body().toJson());
        assertEquals("{\"log\":\"next line\\n\"}", out.get(1).body().toJson());
    }

    @Test
    void pythonTracebackEndsAtTheExceptionLine() {
        MultilineStream s = stream(BuiltinMultilineParsers.python());
        line(s, "Traceback (most recent call last):");
        line(s, "  File \"x.py\", line 1, in <module>");
        line(s, "    raise ValueError(\"x\")");
        line(s, "ValueError: x");
        assertEquals(1, out.size());
    }
}
