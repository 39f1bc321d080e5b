package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Format json ({@code flb_parser_json.c}): the text must be exactly one JSON object. Decoders run first; then the
 * first key equal to Time_Key, when its value is a string, gives the time and is removed unless Time_Keep. A time
 * that does not parse leaves the key in place and gives no time. Types do not apply to this format.
 */
public final class JsonRecordParser extends RecordParser {
    public JsonRecordParser(ParserSettings settings) {
        super(settings);
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
        String key = settings.timeKey();
        int found = -1;
        for (int i = 0; i < kvs.length; i += 2) {
            if (kvs[i].isStringValue() && kvs[i].asStringValue().asString().equals(key)) {
                found = i;
                break;
            }
        }
        if (found < 0 || !kvs[found + 1].isStringValue()) {
            return new Result(map, null);
        }
        EventTime t = tf.parse(kvs[found + 1].asStringValue().asString(), settings.timeStrict());
        if (t == null || settings.timeKeep()) {
            return new Result(map, timeOrNull(t));
        }
        Value[] out = new Value[kvs.length - 2];
        System.arraycopy(kvs, 0, out, 0, found);
        System.arraycopy(kvs, found + 2, out, found, kvs.length - found - 2);
        return new Result(ValueFactory.newMap(out), timeOrNull(t));
    }
}
