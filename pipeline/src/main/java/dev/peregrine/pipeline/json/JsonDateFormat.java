package dev.peregrine.pipeline.json;

import java.util.Locale;

/** The {@code json_date_format} values of Fluent Bit's JSON-formatting outputs ({@code flb_pack_to_json_date_type}). */
public enum JsonDateFormat {
    /** {@code sec + nsec/1e9} as a JSON float: {@code %.16g}, so microseconds are rounded. */
    DOUBLE,
    /** {@code "YYYY-MM-DD hh:mm:ss.uuuuuu"}, microseconds truncated. */
    JAVA_SQL_TIMESTAMP,
    /** {@code "YYYY-MM-DDThh:mm:ss.uuuuuuZ"}, microseconds truncated. */
    ISO8601,
    /** Whole seconds. */
    EPOCH,
    /** {@code sec*1000 + nsec/1e6}, truncated. */
    EPOCH_MS;

    /** Parses a value case-insensitively (epoch_millis and epoch_milliseconds are epoch_ms); null when unknown. */
    public static JsonDateFormat parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "double" -> DOUBLE;
            case "java_sql_timestamp" -> JAVA_SQL_TIMESTAMP;
            case "iso8601" -> ISO8601;
            case "epoch" -> EPOCH;
            case "epoch_ms", "epoch_millis", "epoch_milliseconds" -> EPOCH_MS;
            default -> null;
        };
    }
}
