package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.parser.Parser;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The old in_tail multiline mode of one file ({@code Multiline On}, {@code Parser_Firstline}, {@code Parser_N},
 * {@code Multiline_Flush}), with the behaviour of Fluent Bit's plugins/in_tail/tail_multiline.c:
 * <ul>
 *   <li>a line that Parser_Firstline parses starts a record (the pending one is flushed first); its time is the
 *   parsed time, or now; under Ignore_Older a record older than that is skipped with all its continuation lines;</li>
 *   <li>any other line is tried with the Parser_N parsers in the order of N (Fluent Bit: the order the options appear
 *   in the section): the first that parses it adds its fields to the pending record (without a pending record the
 *   line is dropped, as Fluent Bit does);</li>
 *   <li>a line no parser takes is appended to the pending record when the last value of the first line's fields is a
 *   string; otherwise it goes out at once on its own as a plain line;</li>
 *   <li>at flush, each group of fields is written in order and the unparsed lines that followed a group are joined,
 *   each after a newline, to that group's last value when it is a string; Path_Key (the file's current name) comes
 *   first, Offset_Key is not added; a record without fields is not emitted;</li>
 *   <li>a pending record is flushed by the next first line, by the Multiline_Flush timer once its deadline (its
 *   first line's second + Multiline_Flush - 1) has passed, and at Exit_On_Eof/shutdown.</li>
 * </ul>
 * Owned by the reader thread.
 */
final class LegacyMultiline {
    /** Receives what the mode emits. */
    interface Sink {
        /** A joined record: its fields (Path_Key is the sink's to add). */
        void record(EventTime time, List<Value> keyValues);

        /** A line that goes out on its own, as a plain line. */
        void line(byte[] b, int off, int len);
    }

    private final Parser firstline;
    private final List<Parser> continuation;
    private final int flushSeconds;
    private final long ignoreOlderSeconds;
    private final Sink sink;

    /** A record is open (Fluent Bit's mult_firstline). */
    private boolean open;
    private boolean skipping;
    /** The first line's last value is a string: unparsed lines can be joined to it. */
    private boolean appendable;
    /** Field groups (MapValue) and unparsed lines (byte[]) of the pending record, in order. */
    private final List<Object> parts = new ArrayList<>();
    private int keys;
    private EventTime time;
    private long deadlineSeconds;

    LegacyMultiline(Parser firstline, List<Parser> continuation, int flushSeconds, long ignoreOlderSeconds,
                    Sink sink) {
        this.firstline = firstline;
        this.continuation = continuation;
        this.flushSeconds = Math.max(1, flushSeconds);
        this.ignoreOlderSeconds = ignoreOlderSeconds;
        this.sink = sink;
    }

    /** One line, without its newline. */
    void append(byte[] b, int off, int len) {
        long now = System.currentTimeMillis() / 1000;
        Parser.Result first = firstline.parse(b, off, len);
        if (first != null) {
            Value[] kv = first.body().getKeyValueArray();
            appendable = kv.length > 0 && kv[kv.length - 1].isStringValue();
            startRecord(now, first);
            return;
        }
        if (skipping) {
            return;
        }
        for (Parser p : continuation) {
            Parser.Result r = p.parse(b, off, len);
            if (r != null) {
                if (open) {
                    parts.add(r.body());
                    keys += r.body().size();
                }
                return;
            }
        }
        if (open && appendable) {
            parts.add(Arrays.copyOfRange(b, off, off + len));
        } else {
            sink.line(b, off, len);
        }
    }

    private void startRecord(long now, Parser.Result first) {
        if (open && !skipping) {
            flush();
        }
        open = true;
        EventTime t = first.time() != null ? first.time() : EventTime.now();
        if (ignoreOlderSeconds > 0 && now - ignoreOlderSeconds > t.seconds()) {
            skipping = true;
            return;
        }
        parts.clear();
        parts.add(first.body());
        keys = first.body().size();
        deadlineSeconds = now + (flushSeconds - 1);
        skipping = false;
        time = t;
    }

    /** The Multiline_Flush timer: flushes the pending record once its deadline has passed. */
    void flushIfDue(long nowSeconds) {
        if (deadlineSeconds > nowSeconds || !open) {
            return;
        }
        flush();
    }

    /** Emits the pending record, if any (flb_tail_mult_flush). */
    void flush() {
        if (!open || keys == 0) {
            return;
        }
        List<Value> kv = new ArrayList<>(keys * 2);
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof MapValue m)) {
                continue;
            }
            Value[] fields = m.getKeyValueArray();
            for (int f = 0; f < fields.length; f += 2) {
                kv.add(fields[f]);
                Value v = fields[f + 1];
                if (f + 2 == fields.length && v.isStringValue() && i + 1 < parts.size()
                    && parts.get(i + 1) instanceof byte[]) {
                    ByteBuilder joined = new ByteBuilder(256);
                    byte[] s = v.asStringValue().asByteArray();
                    joined.append(s, 0, s.length);
                    for (int j = i + 1; j < parts.size() && parts.get(j) instanceof byte[] line; j++) {
                        joined.append((byte) '\n');
                        joined.append(line, 0, line.length);
                    }
                    v = ValueFactory.newString(joined.toByteArray());
                }
                kv.add(v);
            }
        }
        sink.record(time, kv);
        open = false;
        skipping = false;
        keys = 0;
        deadlineSeconds = 0;
        parts.clear();
        time = null;
    }
}
