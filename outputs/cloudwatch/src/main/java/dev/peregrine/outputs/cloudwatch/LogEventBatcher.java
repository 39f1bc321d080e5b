package dev.peregrine.outputs.cloudwatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts one stream's events into PutLogEvents batches within the service's limits.
 *
 * <p>Limits (PutLogEvents API reference):
 * <ul>
 *   <li>at most {@value #MAX_BATCH_EVENTS} events;</li>
 *   <li>at most {@value #MAX_BATCH_BYTES} bytes, counted as the service counts them: the UTF-8 bytes of every
 *   message plus {@value #EVENT_OVERHEAD} bytes per event. Fluent Bit counts the escaped JSON plus 42 bytes per
 *   event instead, which is stricter than the service and leaves batches of short or escape-heavy messages
 *   15–30% short of the limit; the service rule is exact, so it is the one used here;</li>
 *   <li>the events of a batch span less than 24 hours;</li>
 *   <li>events in ascending timestamp order: each batch is sorted when cut, with a stable sort, so events with
 *   equal timestamps keep their record order (Fluent Bit's qsort does not promise that).</li>
 * </ul>
 * A single message is at most {@value #MAX_MESSAGE_BYTES} bytes (Fluent Bit's MAX_EVENT_LEN, under the service's
 * 1 MiB per event); {@link #truncate} cuts longer ones. Fluent Bit truncates the escaped JSON and so has to drop a
 * dangling backslash; here the raw text is cut before the SDK escapes it, on a code point boundary, so no escape or
 * UTF-8 sequence is ever split.
 *
 * <p>Events may arrive in any order (several chunks feed one stream): a batch is cut when the next event would
 * break a limit, and when it is full. Not thread-safe: the owner holds the stream's lock.
 */
final class LogEventBatcher {
    static final int MAX_BATCH_EVENTS = 10_000;
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final int MAX_MESSAGE_BYTES = 1_000_000;
    static final long MAX_SPAN_MILLIS = 24L * 60 * 60 * 1000;

    private static final Comparator<LogEvent> BY_TIME = Comparator.comparingLong(LogEvent::timestamp);

    private final StreamKey stream;
    private final int maxEvents;
    private final int maxBytes;
    private List<LogEvent> pending = new ArrayList<>();
    private long bytes;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    LogEventBatcher(StreamKey stream) {
        this(stream, MAX_BATCH_EVENTS, MAX_BATCH_BYTES);
    }

    /** Smaller limits, for tests. */
    LogEventBatcher(StreamKey stream, int maxEvents, int maxBytes) {
        this.stream = stream;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Adds an event; every batch that becomes complete is handed to {@code out}. Empty messages are refused. */
    void add(LogEvent e, Consumer<LogBatch> out) {
        if (e.bytes() == 0) {
            throw new IllegalArgumentException("empty message");
        }
        long size = (long) e.bytes() + EVENT_OVERHEAD;
        if (!pending.isEmpty()) {
            long lo = Math.min(minTs, e.timestamp());
            long hi = Math.max(maxTs, e.timestamp());
            if (pending.size() >= maxEvents || bytes + size > maxBytes || hi - lo >= MAX_SPAN_MILLIS) {
                out.accept(cut());
            }
        }
        pending.add(e);
        bytes += size;
        minTs = Math.min(minTs, e.timestamp());
        maxTs = Math.max(maxTs, e.timestamp());
        // Full already: sending now instead of at the next event saves a linger period.
        if (pending.size() >= maxEvents || bytes + EVENT_OVERHEAD + 1 > maxBytes) {
            out.accept(cut());
        }
    }

    /** Hands the partial batch, if any, to {@code out}. */
    void drain(Consumer<LogBatch> out) {
        if (!pending.isEmpty()) {
            out.accept(cut());
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int pendingEvents() {
        return pending.size();
    }

    private LogBatch cut() {
        List<LogEvent> events = pending;
        events.sort(BY_TIME);
        LogBatch b = new LogBatch(stream, events, bytes);
        pending = new ArrayList<>(Math.min(maxEvents, Math.max(16, events.size())));
        bytes = 0;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
        return b;
    }

    /** UTF-8 length of a string, without encoding it. Unpaired surrogates count as '?' (1 byte), as the SDK does. */
    static int utf8Length(String s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The longest prefix of {@code s} whose UTF-8 size is at most {@code maxBytes}, cut between code points. */
    static String truncate(String s, int maxBytes) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            int w;
            int chars = 1;
            if (c < 0x80) {
                w = 1;
            } else if (c < 0x800) {
                w = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                w = 4;
                chars = 2;
            } else if (Character.isSurrogate(c)) {
                w = 1;
            } else {
                w = 3;
            }
            if (n + w > maxBytes) {
                return s.substring(0, i);
            }
            n += w;
            i += chars - 1;
        }
        return s;
    }
}
