package dev.peregrine.pipeline.json;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Records to JSON as Fluent Bit's {@code flb_pack_msgpack_to_json_format} (src/flb_pack.c), used by out_stdout,
 * out_http and others for {@code format json|json_lines|json_stream}.
 *
 * <p>Each record becomes one JSON object: the date key (unless disabled) with the time in the {@link JsonDateFormat},
 * then {@code "__internal__":{"log_metadata":<metadata>}} when the metadata map is not empty, then the body's
 * entries. The object is one map for the duplicate-key rule of {@link JsonEncoder}: a body key equal to the date key
 * or to {@code __internal__} replaces it (at the body key's position).
 *
 * <p>Thread-safe: the only state is an immutable cache of the last date text.
 */
public final class JsonRecordEncoder {
    private static final byte[] INTERNAL = "__internal__".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERNAL_PREFIX = "\"__internal__\":{\"log_metadata\":".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer INTERNAL_KEY = ByteBuffer.wrap(INTERNAL).asReadOnlyBuffer();

    private final JsonFormat format;
    private final JsonDateFormat dateFormat;
    private final byte[] dateKey;
    private final ByteBuffer dateKeyBuffer;
    private final JsonEncoder json;
    /** The date text (with its key) of the last record encoded; records of a chunk often share their time. */
    private volatile DateText lastDate;

    /**
     * @param format     JSON, JSON_LINES or JSON_STREAM
     * @param dateFormat how the date is written
     * @param dateKey    the date key, or null for no date (json_date_key false)
     * @param json       the value encoder (carries json.escape_unicode)
     */
    public JsonRecordEncoder(JsonFormat format, JsonDateFormat dateFormat, String dateKey, JsonEncoder json) {
        if (format != JsonFormat.JSON && format != JsonFormat.JSON_LINES && format != JsonFormat.JSON_STREAM) {
            throw new IllegalArgumentException("not a JSON record format: " + format);
        }
        this.format = format;
        this.dateFormat = dateFormat == null ? JsonDateFormat.DOUBLE : dateFormat;
        this.dateKey = dateKey == null ? null : dateKey.getBytes(StandardCharsets.UTF_8);
        this.dateKeyBuffer = this.dateKey == null ? null : ByteBuffer.wrap(this.dateKey);
        this.json = json;
    }

    public JsonFormat format() {
        return format;
    }

    /**
     * Appends the text flb_pack_msgpack_to_json_format makes of a chunk: {@code [r1,r2]} for JSON, {@code r1\nr2\n}
     * for JSON_LINES, {@code r1r2} for JSON_STREAM (out_stdout adds a {@code \n} after JSON and JSON_STREAM).
     */
    public void encodeChunk(List<Event> events, ByteSink out) {
        if (format == JsonFormat.JSON) {
            out.write('[');
        }
        int n = 0;
        for (Event e : events) {
            if (format == JsonFormat.JSON && n > 0) {
                out.write(',');
            }
            encodeRecord(e, out);
            if (format == JsonFormat.JSON_LINES) {
                out.write('\n');
            }
            n++;
        }
        if (format == JsonFormat.JSON) {
            out.write(']');
        }
    }

    /** Appends one record's JSON object (no separator). */
    public void encodeRecord(Event e, ByteSink out) {
        MapValue meta = e.metadata();
        boolean internal = meta != null && meta.size() > 0;
        MapValue body = e.body();
        Value[] kvs = body.getKeyValueArray();
        boolean writeDate = dateKey != null;
        // A body key equal to a synthetic key is a later duplicate: the synthetic entry is dropped.
        if (writeDate || internal) {
            for (int i = 0; i < kvs.length; i += 2) {
                Value k = kvs[i];
                if (k.isStringValue()) {
                    ByteBuffer kb = k.asRawValue().asByteBuffer();
                    if (writeDate && kb.equals(dateKeyBuffer)) {
                        writeDate = false;
                    }
                    if (internal && kb.equals(INTERNAL_KEY)) {
                        internal = false;
                    }
                }
            }
        }
        out.write('{');
        boolean first = true;
        if (writeDate) {
            writeDate(e.time(), out);
            first = false;
        }
        if (internal) {
            if (!first) {
                out.write(',');
            }
            out.write(INTERNAL_PREFIX);
            json.encode(meta, out);
            out.write('}');
            first = false;
        }
        boolean[] skip = JsonEncoder.duplicates(kvs);
        for (int i = 0; i < kvs.length; i += 2) {
            if (skip != null && skip[i >> 1]) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            json.encode(kvs[i], out);
            out.write(':');
            json.encode(kvs[i + 1], out);
        }
        out.write('}');
    }

    /** Appends {@code "<key>":<date>}. */
    private void writeDate(EventTime t, ByteSink out) {
        DateText d = lastDate;
        if (d == null || d.seconds != t.seconds() || d.nanos != t.nanos()) {
            ByteSink s = new ByteSink(64);
            s.write('"');
            json.writeStringBody(dateKey, s);
            s.write('"').write(':');
            writeDateValue(dateFormat, t, s);
            d = new DateText(t.seconds(), t.nanos(), s.toByteArray());
            lastDate = d;
        }
        out.write(d.text);
    }

    /** Appends the JSON value of a record time in a date format. */
    public static void writeDateValue(JsonDateFormat f, EventTime t, ByteSink out) {
        switch (f) {
            case DOUBLE -> FloatTextEncoder.writeJson((double) t.seconds() + (double) t.nanos() / 1e9, false, out);
            case EPOCH -> out.writeUnsignedLong(t.seconds());
            case EPOCH_MS -> out.writeUnsignedLong(t.seconds() * 1000L + t.nanos() / 1_000_000);
            case ISO8601, JAVA_SQL_TIMESTAMP -> {
                LocalDateTime dt = LocalDateTime.ofEpochSecond(t.seconds(), 0, ZoneOffset.UTC);
                out.write('"');
                out.writeLong(dt.getYear());
                out.write('-').writeUnsignedDigits(dt.getMonthValue(), 2);
                out.write('-').writeUnsignedDigits(dt.getDayOfMonth(), 2);
                out.write(f == JsonDateFormat.ISO8601 ? 'T' : ' ');
                out.writeUnsignedDigits(dt.getHour(), 2);
                out.write(':').writeUnsignedDigits(dt.getMinute(), 2);
                out.write(':').writeUnsignedDigits(dt.getSecond(), 2);
                out.write('.').writeUnsignedDigits(t.nanos() / 1000, 6);
                if (f == JsonDateFormat.ISO8601) {
                    out.write('Z');
                }
                out.write('"');
            }
            default -> throw new IllegalStateException(String.valueOf(f));
        }
    }

    private record DateText(long seconds, int nanos, byte[] text) {
    }
}
