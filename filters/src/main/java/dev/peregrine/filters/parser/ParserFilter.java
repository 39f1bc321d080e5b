package dev.peregrine.filters.parser;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses the Key_Name field with the first parser that accepts it. On success the record becomes the parsed fields,
 * followed by the original fields when Reserve_Data (the parsed field itself only with Preserve_Key; clashing keys
 * then appear twice), or by just the parsed field when only Preserve_Key. A parsed time replaces the record time; a
 * time before 1970 drops the record (Fluent Bit cannot encode it). On failure the record is unchanged.
 */
final class ParserFilter implements Filter {
    private final String keyName;
    private final RecordAccessor accessor;
    private final Parser[] parsers;
    private final boolean reserveData;
    private final boolean preserveKey;

    ParserFilter(String keyName, RecordAccessor accessor, List<Parser> parsers, boolean reserveData,
                 boolean preserveKey) {
        this.keyName = keyName;
        this.accessor = accessor;
        this.parsers = parsers.toArray(new Parser[0]);
        this.reserveData = reserveData;
        this.preserveKey = preserveKey;
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue map = event.body();
        Value[] kvs = map.getKeyValueArray();
        Parser.Result parsed = null;
        boolean lastOk = false;
        EventTime time = event.time();
        // which original entries follow the parsed ones: null entries are left out
        boolean[] dropped = reserveData ? new boolean[kvs.length / 2] : null;
        int preserved = -1;
        if (accessor != null) {
            String text = text(accessor.get(map));
            if (text != null) {
                for (Parser p : parsers) {
                    Parser.Result r = p.parse(text);
                    if (r != null) {
                        parsed = r;
                        lastOk = true;
                        if (r.time() != null) {
                            time = r.time();
                        }
                        break;
                    }
                }
            }
        } else {
            for (int i = 0; i < kvs.length; i += 2) {
                String k = text(kvs[i]);
                if (k == null || !k.equals(keyName)) {
                    continue;
                }
                String text = text(kvs[i + 1]);
                if (text == null) {
                    continue;
                }
                lastOk = false;
                for (Parser p : parsers) {
                    Parser.Result r = p.parse(text);
                    if (r != null) {
                        parsed = r;
                        lastOk = true;
                        if (r.time() != null) {
                            time = r.time();
                        }
                        if (!preserveKey && dropped != null) {
                            dropped[i / 2] = true;
                        } else if (preserveKey && !reserveData) {
                            preserved = i;
                        }
                        break;
                    }
                }
            }
        }
        if (time != event.time() && time.seconds() < 0) {
            return;
        }
        if (parsed == null || !lastOk) {
            out.keep(time == event.time() ? event : event.withTime(time));
            return;
        }
        Value[] body = parsed.body().getKeyValueArray();
        int extra = 0;
        if (dropped != null) {
            for (boolean d : dropped) {
                extra += d ? 0 : 2;
            }
        } else if (preserved >= 0) {
            extra = 2;
        }
        Value[] all = new Value[body.length + extra];
        System.arraycopy(body, 0, all, 0, body.length);
        int j = body.length;
        if (dropped != null) {
            for (int i = 0; i < kvs.length; i += 2) {
                if (!dropped[i / 2]) {
                    all[j++] = kvs[i];
                    all[j++] = kvs[i + 1];
                }
            }
        } else if (preserved >= 0) {
            all[j++] = kvs[preserved];
            all[j] = kvs[preserved + 1];
        }
        Event e = event.withBody(ValueFactory.newMap(all));
        out.keep(time == event.time() ? e : e.withTime(time));
    }

    private static String text(Value v) {
        if (v == null) {
            return null;
        }
        if (v.isStringValue()) {
            return v.asStringValue().asString();
        }
        if (v.isBinaryValue()) {
            return new String(v.asBinaryValue().asByteArray(), StandardCharsets.UTF_8);
        }
        return null;
    }
}
