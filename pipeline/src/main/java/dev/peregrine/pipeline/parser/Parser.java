package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
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

    /** What {@link #parseTo} returns for a record parsed without a time (Fluent Bit's "time 0"). */
    EventTime NO_TIME = new EventTime(0, 0);

    /** Whether {@link #parseTo} writes records without building a map first (then callers prefer it). */
    default boolean writesMsgpack() {
        return false;
    }

    /**
     * Parses UTF-8 bytes and appends the record to {@code out} as one msgpack map, byte-identical to packing
     * {@link Result#body()}.
     *
     * @return the time read from Time_Key, {@link #NO_TIME} when there is none, or null when the text does not match
     *         (then nothing is appended)
     */
    default EventTime parseTo(byte[] utf8, int off, int len, ByteSink out) {
        return packTo(parse(utf8, off, len), out);
    }

    /** {@link #parseTo}'s result for a parse result: the body packed to {@code out}, the time or NO_TIME, or null. */
    static EventTime packTo(Result r, ByteSink out) {
        if (r == null) {
            return null;
        }
        try (var p = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            p.packValue(r.body());
            out.write(p.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r.time() == null ? NO_TIME : r.time();
    }

    /**
     * @param body the parsed fields
     * @param time the time read from Time_Key, or null when the parser has none or it did not parse (the caller
     *             keeps the event's time then)
     */
    record Result(MapValue body, EventTime time) {
    }
}
