package dev.peregrine.outputs.cloudwatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudWatchBatchLimitsTest {
    private static final StreamKey KEY = new StreamKey("g", "s");

    private static List<LogBatch> run(List<LogEvent> events) {
        LogEventBatcher b = new LogEventBatcher(KEY);
        List<LogBatch> out = new ArrayList<>();
        for (LogEvent e : events) {
            b.add(e, out::add);
        }
        b.drain(out::add);
        return out;
    }

    @Test
    void atMostTenThousandEventsPerBatch() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            events.add(LogEvent.of(1000 + i, "x"));
        }
        List<LogBatch> batches = run(events);
        assertEquals(2, batches.size());
        assertEquals(10_000, batches.get(0).events().size());
        assertEquals(1, batches.get(1).events().size());
    }

    @Test
    void exactlyTenThousandIsOneBatchSentAtOnce() {
        LogEventBatcher b = new LogEventBatcher(KEY);
        List<LogBatch> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            b.add(LogEvent.of(i, "x"), out::add);
        }
        assertEquals(1, out.size(), "a full batch does not wait for the next event or the linger");
        assertTrue(b.isEmpty());
    }

    @Test
    void payloadCountsUtf8BytesPlus26PerEventUpToTheByte() {
        // 4 events of (262,118 + 26) bytes = 1,048,576 exactly: one batch.
        int msg = LogEventBatcher.MAX_BATCH_BYTES / 4 - LogEventBatcher.EVENT_OVERHEAD;
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(LogEvent.of(i, "a".repeat(msg)));
        }
        List<LogBatch> one = run(events);
        assertEquals(1, one.size());
        assertEquals(LogEventBatcher.MAX_BATCH_BYTES, one.get(0).bytes());

        // One byte more in the last message: it goes to the next batch.
        events.set(3, LogEvent.of(3, "a".repeat(msg + 1)));
        List<LogBatch> two = run(events);
        assertEquals(2, two.size());
        assertEquals(3, two.get(0).events().size());
        assertTrue(two.get(0).bytes() <= LogEventBatcher.MAX_BATCH_BYTES);
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Size() {
        assertEquals(1 + 2 + 3 + 4, LogEventBatcher.utf8Length("a\u00e9\u20ac\ud83d\ude00"));
        LogEvent e = LogEvent.of(1, "\u20ac".repeat(1000));
        assertEquals(3000, e.bytes());
        assertEquals(3000 + 26, run(List.of(e)).get(0).bytes());
    }

    @Test
    void batchSpansLessThan24Hours() {
        long day = LogEventBatcher.MAX_SPAN_MILLIS;
        List<LogBatch> same = run(List.of(LogEvent.of(0, "a"), LogEvent.of(day - 1, "b")));
        assertEquals(1, same.size());
        List<LogBatch> split = run(List.of(LogEvent.of(0, "a"), LogEvent.of(day, "b")));
        assertEquals(2, split.size());
        // Out of order: a later event reaching back 24 h also cuts.
        List<LogBatch> back = run(List.of(LogEvent.of(day, "a"), LogEvent.of(0, "b")));
        assertEquals(2, back.size());
    }

    @Test
    void sortedByTimestampStableForTies() {
        List<LogBatch> b = run(List.of(LogEvent.of(30, "c"), LogEvent.of(10, "a1"), LogEvent.of(20, "b"),
            LogEvent.of(10, "a2")));
        List<String> order = b.get(0).events().stream().map(LogEvent::message).toList();
        assertEquals(List.of("a1", "a2", "b", "c"), order);
        assertEquals(10, b.get(0).firstTimestamp());
        assertEquals(30, b.get(0).lastTimestamp());
    }

    @Test
    void emptyMessagesAreRefused() {
        LogEventBatcher b = new LogEventBatcher(KEY);
        assertThrows(IllegalArgumentException.class, () -> b.add(LogEvent.of(1, ""), x -> { }));
    }

    @Test
    void truncateCutsBetweenCodePoints() {
        assertEquals("ab", LogEventBatcher.truncate("ab\u20ac", 4));
        assertEquals("ab\u20ac", LogEventBatcher.truncate("ab\u20ac", 5));
        assertEquals("a", LogEventBatcher.truncate("a\ud83d\ude00", 4));
        assertEquals("a\ud83d\ude00", LogEventBatcher.truncate("a\ud83d\ude00", 5));
        assertEquals("abc\\", LogEventBatcher.truncate("abc\\def", 4), "a raw backslash is a whole character");
        String big = "y".repeat(LogEventBatcher.MAX_MESSAGE_BYTES + 10);
        assertEquals(LogEventBatcher.MAX_MESSAGE_BYTES,
            LogEventBatcher.truncate(big, LogEventBatcher.MAX_MESSAGE_BYTES).length());
    }

    @Test
    void largestMessagesStillFitOnePerBatch() {
        String max = "z".repeat(LogEventBatcher.MAX_MESSAGE_BYTES);
        List<LogBatch> b = run(List.of(LogEvent.of(1, max), LogEvent.of(2, max)));
        assertEquals(2, b.size());
    }
}
