package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Format ltsv ({@code flb_parser_ltsv.c}): tab-separated {@code label:value} fields; labels are
 * {@code [0-9A-Za-z_.-]+}. Parsing stops at the first character that breaks the grammar or at a newline. No field
 * fails the parse; so does a Time_Key value that does not parse.
 */
public final class LtsvRecordParser extends RecordParser {
    public LtsvRecordParser(ParserSettings settings) {
        super(settings);
    }

    private static boolean label(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.'
                || c == '-';
    }

    private static boolean field(char c) {
        return c != 0 && c != '\t' && c != '\n' && c != '\r';
    }

    @Override
    public Result parse(String in) {
        int n = in.length();
        int c = 0;
        List<Value> kvs = new ArrayList<>();
        EventTime time = null;
        TimeFormat tf = settings.timeFormat();
        while (c < n) {
            int l = c;
            while (c < n && label(in.charAt(c))) {
                c++;
            }
            String lab = in.substring(l, c);
            if (c == n || in.charAt(c) != ':') {
                break;
            }
            c++;
            int f = c;
            while (c < n && field(in.charAt(c))) {
                c++;
            }
            String val = in.substring(f, c);
            if (!lab.isEmpty()) {
                boolean timeFound = false;
                if (tf != null && !val.isEmpty() && lab.equals(settings.timeKey())) {
                    time = tf.parse(val, settings.timeStrict());
                    if (time == null) {
                        return null;
                    }
                    timeFound = true;
                }
                if (!timeFound || settings.timeKeep()) {
                    kvs.add(ValueFactory.newString(lab));
                    kvs.add(settings.types() != null ? settings.types().cast(lab, val) : ValueFactory.newString(val));
                }
            }
            if (c == n) {
                break;
            }
            if (in.charAt(c) == '\t') {
                c++;
            }
            if (c == n || in.charAt(c) == '\r' || in.charAt(c) == '\n') {
                break;
            }
        }
        if (kvs.isEmpty()) {
            return null;
        }
        return new Result(decode(ValueFactory.newMap(kvs.toArray(new Value[0]))), timeOrNull(time));
    }
}
