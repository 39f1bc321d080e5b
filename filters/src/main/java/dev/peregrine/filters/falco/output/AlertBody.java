package dev.peregrine.filters.falco.output;

import dev.peregrine.pipeline.event.TypedBody;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert travelling through the pipeline as a typed body. Outputs that understand it can take {@link #json()} or
 * {@link #textLine()} (exactly Falco's lines); any other output sees {@link #toMap()}, built only when asked.
 */
public final class AlertBody implements TypedBody {
    private final Alert alert;
    private final AlertFormatOptions options;
    private final AlertRecordFormat format;

    public AlertBody(Alert alert, AlertFormatOptions options, AlertRecordFormat format) {
        this.alert = alert;
        this.options = options;
        this.format = format;
    }

    public Alert alert() {
        return alert;
    }

    public AlertRecordFormat format() {
        return format;
    }

    /** Falco's JSON line for this alert. */
    public String json() {
        return AlertJson.encode(alert, options);
    }

    /** Falco's text line for this alert. */
    public String textLine() {
        return alert.textLine();
    }

    @Override
    public MapValue toMap() {
        Map<Value, Value> m = new LinkedHashMap<>();
        if (format == AlertRecordFormat.TEXT) {
            m.put(ValueFactory.newString("output"), ValueFactory.newString(alert.textLine()));
            return ValueFactory.newMap(m);
        }
        boolean internal = alert.internal();
        put(m, "hostname", alert.hostname());
        if (!internal && options.includeMessage()) {
            put(m, "message", alert.message());
        }
        if (internal || options.includeOutput()) {
            put(m, "output", alert.output());
        }
        if (internal || options.includeOutputFields()) {
            m.put(ValueFactory.newString("output_fields"), value(alert.outputFields()));
        }
        put(m, "priority", alert.priority().display());
        put(m, "rule", alert.rule());
        put(m, "source", alert.source());
        if (!internal && options.includeTags()) {
            m.put(ValueFactory.newString("tags"), value(alert.tags()));
        }
        put(m, "time", alert.isoTime());
        return ValueFactory.newMap(m);
    }

    private static void put(Map<Value, Value> m, String k, String v) {
        m.put(ValueFactory.newString(k), v == null ? ValueFactory.newNil() : ValueFactory.newString(v));
    }

    private static Value value(Object v) {
        if (v == null) {
            return ValueFactory.newNil();
        }
        if (v instanceof String s) {
            return ValueFactory.newString(s);
        }
        if (v instanceof Boolean b) {
            return ValueFactory.newBoolean(b);
        }
        if (v instanceof BigInteger bi) {
            return ValueFactory.newInteger(bi);
        }
        if (v instanceof Double || v instanceof Float) {
            return ValueFactory.newFloat(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return ValueFactory.newInteger(n.longValue());
        }
        if (v instanceof List<?> l) {
            List<Value> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(value(o));
            }
            return ValueFactory.newArray(out);
        }
        if (v instanceof Map<?, ?> mm) {
            Map<Value, Value> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                out.put(ValueFactory.newString(String.valueOf(e.getKey())), value(e.getValue()));
            }
            return ValueFactory.newMap(out);
        }
        return ValueFactory.newString(String.valueOf(v));
    }

    @Override
    public String toString() {
        return format == AlertRecordFormat.TEXT ? textLine() : json();
    }
}
