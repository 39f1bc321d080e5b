package dev.peregrine.filters.falco.compile;

import java.util.HashMap;
import java.util.Map;

/** Test accessor: field values keyed by field text ({@code proc.aname[2]}, {@code evt.arg.flags}). */
public final class MapFieldSource implements FieldSource {
    private final Map<String, Object> values = new HashMap<>();

    public MapFieldSource put(String field, Object value) {
        values.put(field, value);
        return this;
    }

    @Override
    public Object value(FieldRef ref) {
        Object v = values.get(ref.text());
        if (v == null && ref.arg() != null && ref.field().equals("evt.arg")) {
            v = values.get("evt.arg." + ref.arg());
        }
        return v;
    }
}
