package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.MapValue;

/** A [PARSER]: turns one text value into a map (and maybe a time). Thread-safe. */
public interface Parser {
    String name();

    /** Parses {@code text}; null when it does not match (regex) or is not valid (json). */
    Result parse(String text);

    /**
     * Parses UTF-8 bytes (a log line as read); formats that work on bytes override this to skip building a String.
     */
    default Result parse(byte[] utf8, int off, int len) {
        return parse(new String(utf8, off, len, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * @param body the parsed fields
     * @param time the time read from Time_Key, or null when the parser has none or it did not parse (the caller
     *             keeps the event's time then)
     */
    record Result(MapValue body, EventTime time) {
    }
}
