package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.MsgpackBytes;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Format json ({@code flb_parser_json.c}): the text must be exactly one JSON object. Decoders run first; then the
 * first key equal to Time_Key, when its value is a string, gives the time and is removed unless Time_Keep. A time
 * that does not parse leaves the key in place and gives no time. Types do not apply to this format.
 */
public final class JsonRecordParser extends RecordParser {
    private final byte[] timeKey;

    public JsonRecordParser(ParserSettings settings) {
        super(settings);
        timeKey = settings.timeKey() == null ? null
            : settings.timeKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Without decoders, lines go straight from JSON text to msgpack bytes. */
    @Override
    public boolean writesMsgpack() {
        return settings.decoders() == null;
    }

    @Override
    public EventTime parseTo(byte[] utf8, int off, int len, ByteSink out) {
        if (settings.decoders() != null) {
            return Parser.packTo(parse(utf8, off, len), out);
        }
        int start = out.size();
        if (!FluentJsonDecoder.decodeObjectTo(utf8, off, len, out)) {
            return null;
        }
        TimeFormat tf = settings.timeFormat();
        if (tf == null || timeKey == null) {
            return NO_TIME;
        }
        // the same lookup as parse(): the first key equal to Time_Key, used only when its value is a string
        byte[] b = out.array();
        int count = MsgpackBytes.mapCount(b, start);
        int p = start + MsgpackBytes.mapHeaderLength(b, start);
        for (int i = 0; i < count; i++) {
            int pairStart = p;
            boolean match = MsgpackBytes.strEquals(b, p, timeKey);
            p = MsgpackBytes.skip(b, p);
            int valueStart = p;
            p = MsgpackBytes.skip(b, p);
            if (!match) {
                continue;
            }
            int n = MsgpackBytes.strLength(b, valueStart);
            if (n < 0) {
                return NO_TIME;
            }
            int h = MsgpackBytes.strHeaderLength(b, valueStart);
            EventTime t = tf.parse(b, valueStart + h, n, settings.timeStrict());
            if (t == null) {
                return NO_TIME;
            }
            if (!settings.timeKeep()) {
                int size = out.size();
                System.arraycopy(b, p, b, pairStart, size - p);
                out.truncate(size - (p - pairStart));
                MsgpackBytes.setContainerHeader(out, start, MsgpackBytes.mapHeaderLength(b, start), count - 1, true);
            }
            t = timeOrNull(t);
            return t == null ? NO_TIME : t;
        }
        return NO_TIME;
    }

    @Override
    public Result parse(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** Decodes with Fluent Bit's own JSON rules (the decoder the dummy input uses), straight from the bytes. */
    @Override
    public Result parse(byte[] utf8, int off, int len) {
        Value v;
        try {
            v = dev.peregrine.pipeline.json.FluentJsonDecoder.decodeOne(utf8, off, len);
        } catch (dev.peregrine.pipeline.json.JsonDecodeException e) {
            return null;
        }
        if (v == null || !v.isMapValue()) {
            return null;
        }
        MapValue map = decode(v.asMapValue());
        TimeFormat tf = settings.timeFormat();
        if (tf == null) {
            return new Result(map, null);
        }
        Value[] kvs = map.getKeyValueArray();
        int found = -1;
        for (int i = 0; i < kvs.length; i += 2) {
            // bytes, not asString(): a key that is not valid UTF-8 must not fail the line
            if (kvs[i].isStringValue() && java.util.Arrays.equals(kvs[i].asStringValue().asByteArray(), timeKey)) {
                found = i;
                break;
            }
        }
        if (found < 0 || !kvs[found + 1].isStringValue()) {
            return new Result(map, null);
        }
        EventTime t = tf.parse(new String(kvs[found + 1].asStringValue().asByteArray(),
            java.nio.charset.StandardCharsets.UTF_8), settings.timeStrict());
        if (t == null || settings.timeKeep()) {
            return new Result(map, timeOrNull(t));
        }
        Value[] out = new Value[kvs.length - 2];
        System.arraycopy(kvs, 0, out, 0, found);
        System.arraycopy(kvs, found + 2, out, found, kvs.length - found - 2);
        return new Result(ValueFactory.newMap(out), timeOrNull(t));
    }
}
