package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.json.JsonDateFormat;
import dev.peregrine.pipeline.json.JsonFormat;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;

import java.util.List;
import java.util.Locale;

/**
 * out_stdout's options and their validation. Invalid values are not fatal, as in Fluent Bit: an unknown Format or
 * json_date_format logs an error and falls back to msgpack / double.
 *
 * @param format     the output format (MSGPACK for the default text form)
 * @param dateFormat the JSON date format
 * @param dateKey    the JSON date key, or null when json_date_key is false/off/no
 */
public record StdoutOptions(JsonFormat format, JsonDateFormat dateFormat, String dateKey) {
    public static final OptionSpec FORMAT = OptionSpec.str("format", null,
            "Specifies the data format to be printed. Supported formats are msgpack, json, json_lines, json_stream, "
                    + "otlp_json and otlp_json_pretty.");
    public static final OptionSpec JSON_DATE_FORMAT = OptionSpec.str("json_date_format", null,
            "Specifies the format of the date. Supported formats are double, epoch, epoch_ms, iso8601 and "
                    + "java_sql_timestamp.");
    public static final OptionSpec JSON_DATE_KEY = OptionSpec.str("json_date_key", "date",
            "Specifies the name of the date field in output.");

    public static final List<OptionSpec> SPECS = List.of(FORMAT, JSON_DATE_FORMAT, JSON_DATE_KEY);

    public static StdoutOptions from(Options options, Log log) {
        return of(options.str(FORMAT), options.str(JSON_DATE_FORMAT), options.str(JSON_DATE_KEY), log);
    }

    /** Builds the options from raw values (null when unset), logging like Fluent Bit on bad ones. */
    public static StdoutOptions of(String format, String dateFormat, String dateKey, Log log) {
        JsonFormat f = JsonFormat.MSGPACK;
        if (format != null) {
            JsonFormat parsed = JsonFormat.parse(format);
            if (parsed == null) {
                log.error("unrecognized 'format' option. Using 'msgpack'");
            } else if (parsed == JsonFormat.OTLP_JSON || parsed == JsonFormat.OTLP_JSON_PRETTY) {
                log.error("format '" + format + "' is not supported yet. Using 'msgpack'");
            } else {
                f = parsed;
            }
        }
        JsonDateFormat d = JsonDateFormat.DOUBLE;
        if (dateFormat != null) {
            JsonDateFormat parsed = JsonDateFormat.parse(dateFormat);
            if (parsed == null) {
                log.error("invalid json_date_format '" + dateFormat + "'. Using 'double' type");
            } else {
                d = parsed;
            }
        }
        String key = dateKey == null ? "date" : dateKey;
        // flb_utils_bool: only false/off/no disable the key; any other text is the key's name
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.equals("false") || k.equals("off") || k.equals("no")) {
            key = null;
        }
        return new StdoutOptions(f, d, key);
    }
}
