package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.value.MapValue;

/** The parts every format shares: settings, the time result convention and decoders. */
abstract class RecordParser implements Parser {
    protected final ParserSettings settings;

    RecordParser(ParserSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    public ParserSettings settings() {
        return settings;
    }

    /**
     * Fluent Bit reports "no time" as time 0: a parsed time of exactly the epoch is treated as none by every caller,
     * so it is mapped to null here.
     */
    static EventTime timeOrNull(EventTime t) {
        return t == null || (t.seconds() == 0 && t.nanos() == 0) ? null : t;
    }

    MapValue decode(MapValue body) {
        return settings.decoders() == null ? body : settings.decoders().apply(body);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + "]";
    }
}
