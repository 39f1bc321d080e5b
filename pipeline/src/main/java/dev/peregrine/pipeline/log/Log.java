package dev.peregrine.pipeline.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The agent's own log, in Fluent Bit's line format: {@code [2026/11/28 01:00:00.123] [ info] [component] message}.
 * Goes to stderr, or to the file given by {@code -l} / {@code Log_File}. One process-wide sink, as in Fluent Bit.
 */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");
    private static volatile LogLevel level = LogLevel.INFO;
    private static volatile PrintStream sink = System.err;

    private final String component;

    private Log(String component) {
        this.component = component;
    }

    /** A logger for a component such as "engine", "config" or "input:dummy:dummy.0". */
    public static Log of(String component) {
        return new Log(component);
    }

    public static void setLevel(LogLevel l) {
        level = l;
    }

    public static LogLevel level() {
        return level;
    }

    public static void setFile(String path) throws IOException {
        OutputStream os = new FileOutputStream(path, true);
        sink = new PrintStream(os, true, StandardCharsets.UTF_8);
    }

    public static boolean enabled(LogLevel l) {
        return l.rank() <= level.rank() && level != LogLevel.OFF;
    }

    /** Prints a line without the time/level prefix (Fluent Bit prints some config errors this way). */
    public static void raw(String line) {
        sink.println(line);
    }

    public String component() {
        return component;
    }

    public void log(LogLevel l, String msg) {
        if (!enabled(l)) {
            return;
        }
        String line = "[" + LocalDateTime.now().format(TIME) + "] [" + l.label() + "] "
            + (component == null ? "" : "[" + component + "] ") + msg;
        sink.println(line);
    }

    public void error(String msg) {
        log(LogLevel.ERROR, msg);
    }

    public void warn(String msg) {
        log(LogLevel.WARN, msg);
    }

    public void info(String msg) {
        log(LogLevel.INFO, msg);
    }

    public void debug(String msg) {
        log(LogLevel.DEBUG, msg);
    }

    public void trace(String msg) {
        log(LogLevel.TRACE, msg);
    }

    public void help(String msg) {
        log(LogLevel.HELP, msg);
    }

    public boolean isDebug() {
        return enabled(LogLevel.DEBUG);
    }
}
