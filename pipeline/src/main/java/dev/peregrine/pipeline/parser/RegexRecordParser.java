package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Format regex ({@code flb_parser_regex.c}): the first match anywhere in the text (Onigmo search); every named group
 * becomes a string field, in pattern order. Empty captures are skipped when Skip_Empty_Values (the default). The
 * Time_Key capture gives the time and is dropped unless Time_Keep; when it does not parse it is dropped too (Fluent
 * Bit logs "invalid time format") and there is no time. Types cast the other fields, then decoders run.
 */
public final class RegexRecordParser extends RecordParser {
    private final RubyRegex regex;

    public RegexRecordParser(ParserSettings settings, RubyRegex regex) {
        super(settings);
        this.regex = regex;
    }

    public RubyRegex regex() {
        return regex;
    }

    @Override
    public Result parse(String text) {
        if (regex.groupNames().isEmpty()) {
            return null;
        }
        Matcher m = regex.matcher(text);
        if (!m.find()) {
            return null;
        }
        List<String> names = regex.groupNames();
        List<Value> kvs = new ArrayList<>(names.size() * 2);
        EventTime time = null;
        TimeFormat tf = settings.timeFormat();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = m.group(regex.javaGroupName(i));
            if (value == null) {
                value = "";
            }
            if (value.isEmpty() && settings.skipEmpty()) {
                continue;
            }
            if (tf != null && name.equals(settings.timeKey())) {
                EventTime t = tf.parse(value, settings.timeStrict());
                if (t == null) {
                    continue;
                }
                time = t;
                if (!settings.timeKeep()) {
                    continue;
                }
            }
            kvs.add(ValueFactory.newString(name));
            kvs.add(settings.types() != null ? settings.types().cast(name, value) : ValueFactory.newString(value));
        }
        return new Result(decode(ValueFactory.newMap(kvs.toArray(new Value[0]))), timeOrNull(time));
    }
}
