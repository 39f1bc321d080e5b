package dev.peregrine.pipeline.json;

import java.util.Locale;

/** The {@code format} values of Fluent Bit's JSON-capable outputs ({@code flb_pack_to_json_format_type}). */
public enum JsonFormat {
    /** Not JSON: the output's own msgpack-style format. */
    MSGPACK,
    /** One JSON array of all records of a chunk. */
    JSON,
    /** Records concatenated with no separator. */
    JSON_STREAM,
    /** One record per line, each followed by {@code \n}. */
    JSON_LINES,
    /** OpenTelemetry JSON (recognised, not produced by this package). */
    OTLP_JSON,
    /** OpenTelemetry JSON, indented (recognised, not produced by this package). */
    OTLP_JSON_PRETTY;

    /** Parses a value case-insensitively; null when unknown. */
    public static JsonFormat parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "msgpack" -> MSGPACK;
            case "json" -> JSON;
            case "json_stream" -> JSON_STREAM;
            case "json_lines" -> JSON_LINES;
            case "otlp_json" -> OTLP_JSON;
            case "otlp_json_pretty" -> OTLP_JSON_PRETTY;
            default -> null;
        };
    }
}
