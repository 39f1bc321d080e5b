package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.event.TypedBody;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;

/** A syscall event for tests: a typed body that is its own {@link FalcoEvent}, fields from a map. */
record SyntheticSyscall(String type, MapFieldSource values, EventTime time) implements TypedBody, FalcoEvent {

    static Event event(EventTime t, String type, Object... kv) {
        MapFieldSource m = new MapFieldSource().put("evt.type", type);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Event.typed(t, new SyntheticSyscall(type, m, t));
    }

    @Override
    public int eventType() {
        return EventTypeNames.indexOf(type);
    }

    @Override
    public FieldSource fields() {
        return values;
    }

    @Override
    public MapValue toMap() {
        return ValueFactory.newMap(ValueFactory.newString("evt.type"), ValueFactory.newString(type));
    }
}
