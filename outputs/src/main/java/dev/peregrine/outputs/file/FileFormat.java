package dev.peregrine.outputs.file;

import java.util.Locale;

/** out_file's Format values. */
public enum FileFormat {
    /** The default ("out_file"): {@code tag: [sec.nsec, {json}]}. */
    OUT_FILE,
    /** The body as JSON, one per line. */
    PLAIN,
    CSV,
    LTSV,
    /** The chunk's msgpack bytes as they are. */
    MSGPACK,
    /** Python-like {@code {key}} placeholders. */
    TEMPLATE;

    /** Parses a Format value case-insensitively; null when unknown. */
    public static FileFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "out_file" -> OUT_FILE;
            case "plain" -> PLAIN;
            case "csv" -> CSV;
            case "ltsv" -> LTSV;
            case "msgpack" -> MSGPACK;
            case "template" -> TEMPLATE;
            default -> null;
        };
    }
}
