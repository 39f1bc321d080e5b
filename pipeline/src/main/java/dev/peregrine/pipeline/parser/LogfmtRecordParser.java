package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Format logfmt ({@code flb_parser_logfmt.c}): {@code key=value}, {@code key="quoted \" value"}, {@code key=} and bare
 * {@code key}. Keys are runs of bytes above space other than '=' and '"'; anything else between pairs is skipped.
 * Values are strings; a bare key, or {@code key=} without quotes, is {@code true}; {@code key=""} is an empty string.
 * Parsing stops at the first newline. No pair at all fails the parse; so does a Time_Key value that does not parse.
 */
public final class LogfmtRecordParser extends RecordParser {
    public LogfmtRecordParser(ParserSettings settings) {
        super(settings);
    }

    private static boolean ident(char c) {
        return c > ' ' && c != '=' && c != '"';
    }

    @Override
    public Result parse(String in) {
        int n = in.length();
        int c = 0;
        List<Value> kvs = new ArrayList<>();
        EventTime time = null;
        TimeFormat tf = settings.timeFormat();
        while (c < n) {
            while (c < n && !ident(in.charAt(c))) {
                c++;
            }
            if (c == n) {
                break;
            }
            int key = c;
            while (c < n && ident(in.charAt(c))) {
                c++;
            }
            String k = in.substring(key, c);
            String value = "";
            boolean valueSet = false;
            boolean quoted = false;
            boolean escaped = false;
            if (c < n && in.charAt(c) == '=') {
                valueSet = true;
                c++;
                if (c < n) {
                    if (in.charAt(c) == '"') {
                        c++;
                        int v = c;
                        quoted = true;
                        while (c < n) {
                            char ch = in.charAt(c);
                            if (ch != '\\' && ch != '"') {
                                c++;
                            } else if (ch == '\\') {
                                escaped = true;
                                c++;
                                if (c == n) {
                                    break;
                                }
                                c++;
                            } else {
                                break;
                            }
                        }
                        value = in.substring(v, c);
                        if (c < n && in.charAt(c) == '"') {
                            c++;
                        }
                    } else {
                        int v = c;
                        while (c < n && ident(in.charAt(c))) {
                            c++;
                        }
                        value = in.substring(v, c);
                    }
                }
            }
            if (!k.isEmpty()) {
                if (settings.noBareKeys() && value.isEmpty() && !valueSet) {
                    return null;
                }
                boolean timeFound = false;
                if (tf != null && !value.isEmpty() && k.equals(settings.timeKey())) {
                    time = tf.parse(value, settings.timeStrict());
                    if (time == null) {
                        return null;
                    }
                    timeFound = true;
                }
                if (!timeFound || settings.timeKeep()) {
                    kvs.add(ValueFactory.newString(k));
                    if (settings.types() != null) {
                        kvs.add(settings.types().cast(k, value));
                    } else if (value.isEmpty()) {
                        kvs.add(quoted ? ValueFactory.newString("") : ValueFactory.newBoolean(true));
                    } else {
                        kvs.add(ValueFactory.newString(escaped ? EscapeDecoder.unescape(value) : value));
                    }
                }
            }
            if (c == n) {
                break;
            }
            if (in.charAt(c) == '\r' || in.charAt(c) == '\n') {
                break;
            }
        }
        if (kvs.isEmpty()) {
            return null;
        }
        return new Result(decode(ValueFactory.newMap(kvs.toArray(new Value[0]))), timeOrNull(time));
    }
}
