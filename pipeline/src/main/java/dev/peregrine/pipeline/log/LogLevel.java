package dev.peregrine.pipeline.log;

import java.util.Locale;

/** Fluent Bit's log levels, with the padded labels it prints ("[ info]", "[error]"). */
public enum LogLevel {
    OFF(0, "  off"), ERROR(1, "error"), WARN(2, " warn"), INFO(3, " info"), DEBUG(4, "debug"), TRACE(5, "trace"),
    /** Fluent Bit's "[ help]" lines: printed at error level. */
    HELP(1, " help");

    private final int rank;
    private final String label;

    LogLevel(int rank, String label) {
        this.rank = rank;
        this.label = label;
    }

    public int rank() {
        return rank;
    }

    public String label() {
        return label;
    }

    /** Parses a Log_Level value; null when unknown. */
    public static LogLevel parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "error" -> ERROR;
            case "warn", "warning" -> WARN;
            case "info" -> INFO;
            case "debug" -> DEBUG;
            case "trace" -> TRACE;
            default -> null;
        };
    }
}
