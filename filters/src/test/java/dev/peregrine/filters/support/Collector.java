package dev.peregrine.filters.support;

import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;

import java.util.ArrayList;
import java.util.List;

/** Collects what a filter keeps and emits; {@link #run} feeds it JSON records. */
public final class Collector implements Filter.FilterOutput {
    public final List<Event> kept = new ArrayList<>();
    public final List<String> emittedTags = new ArrayList<>();
    public final List<Event> emitted = new ArrayList<>();

    @Override
    public void keep(Event event) {
        kept.add(event);
    }

    @Override
    public void emit(String tag, Event event) {
        emittedTags.add(tag);
        emitted.add(event);
    }

    public static Collector run(Filter f, String tag, String json) {
        Collector c = new Collector();
        for (var v : FluentJsonDecoder.decodeAll(json)) {
            f.filter(tag, Event.of(new EventTime(1700000000, 0), (MapValue) v), c);
        }
        return c;
    }

    /** The kept bodies as compact JSON, one per record. */
    public List<String> keptJson() {
        return kept.stream().map(e -> e.body().toJson()).toList();
    }
}
