package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.parser.ParserSettings;
import dev.peregrine.pipeline.parser.RegexRecordParser;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.parser.TimeFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multiline On with Parser_Firstline / Parser_N / Multiline_Flush, as Fluent Bit's old in_tail multiline mode. */
class LegacyMultilineTest {
    private static final String STACK_TRACE = """
        2026-11-28 01:02:03 ERROR request failed
        java.lang.IllegalStateException: boom
            at dev.example.Service.handle(Service.java:42)
            at dev.example.Server.run(Server.java:7)
        2026-11-28 01:02:04 INFO next request
        2026-11-28 01:02:05 WARN retry
            at dev.example.Retry.again(Retry.java:3)
        """;

    @TempDir
    Path dir;

    private static ParserRegistry parsers() {
        ParserRegistry r = new ParserRegistry();
        ParserSettings first = new ParserSettings("first", "time", new TimeFormat("%Y-%m-%d %H:%M:%S", 0), false, true,
            null, null, true, false);
        r.add(new RegexRecordParser(first,
            RubyRegex.compile("^(?<time>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) (?<level>[A-Z]+) (?<message>.*)")));
        r.add(new RegexRecordParser(ParserSettings.named("code"),
            RubyRegex.compile("^code=(?<code>\\d+)$")));
        return r;
    }

    /** Each record as "key=value|key=value" in order. */
    private static List<String> records(TailHarness h) {
        List<String> out = new ArrayList<>();
        for (Event e : h.snapshot()) {
            StringBuilder b = new StringBuilder();
            Value[] kv = e.body().getKeyValueArray();
            for (int i = 0; i < kv.length; i += 2) {
                b.append(i == 0 ? "" : "|").append(kv[i].asStringValue()).append('=')
                    .append(kv[i + 1].isStringValue() ? kv[i + 1].asStringValue().toString() : kv[i + 1].toString());
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void javaStackTrace_joinsContinuationLinesToTheFirstLinesLastField() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, STACK_TRACE);
        try (TailHarness h = new TailHarness(parsers(), "path", f.toString(), "read_from_head", "on",
            "exit_on_eof", "on", "multiline", "on", "parser_firstline", "first", "path_key", "file",
            "offset_key", "off").start()) {
            TailHarness.await(() -> h.count() == 3, 10_000);
            assertEquals(List.of(
                "file=" + f + "|level=ERROR|message=request failed\njava.lang.IllegalStateException: boom\n"
                    + "    at dev.example.Service.handle(Service.java:42)\n"
                    + "    at dev.example.Server.run(Server.java:7)",
                "file=" + f + "|level=INFO|message=next request",
                "file=" + f + "|level=WARN|message=retry\n    at dev.example.Retry.again(Retry.java:3)"), records(h));
            assertEquals(new EventTime(1795827723, 0), h.snapshot().get(0).time());
            assertTrue(h.shutdownRequested);
        }
    }

    @Test
    void pendingRecord_isFlushedAfterMultilineFlush_whenTheFileStopsGrowing() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "2026-11-28 01:02:03 ERROR request failed\n    at a.B.c(B.java:1)\n");
        try (TailHarness h = new TailHarness(parsers(), "path", f.toString(), "read_from_head", "on",
            "multiline", "on", "parser_firstline", "first", "multiline_flush", "1").start()) {
            // no further first line comes: only the Multiline_Flush timer can complete the record
            TailHarness.await(() -> h.count() == 1, 10_000);
            assertEquals(List.of("level=ERROR|message=request failed\n    at a.B.c(B.java:1)"), records(h));
            Files.writeString(f, "    at late.Line(L.java:9)\n", java.nio.file.StandardOpenOption.APPEND);
            // a continuation after the flush has no record to join: it goes out alone
            TailHarness.await(() -> h.count() == 2, 10_000);
            assertEquals("log=    at late.Line(L.java:9)", records(h).get(1));
        }
    }

    @Test
    void parserN_addsFields_andLinesBeforeAnyFirstLineGoOutAlone() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "orphan line\n2026-11-28 01:02:03 ERROR failed\ncode=500\nafter code\n"
            + "2026-11-28 01:02:04 INFO ok\n");
        try (TailHarness h = new TailHarness(parsers(), "path", f.toString(), "read_from_head", "on",
            "exit_on_eof", "on", "multiline", "on", "parser_firstline", "first", "parser_1", "code").start()) {
            TailHarness.await(() -> h.count() == 3, 10_000);
            // "after code" joins the last field of the group it follows: code's value is a string ("500")
            assertEquals(List.of("log=orphan line", "level=ERROR|message=failed|code=500\nafter code",
                "level=INFO|message=ok"), records(h));
        }
    }
}
