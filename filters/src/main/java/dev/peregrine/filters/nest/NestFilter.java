package dev.peregrine.filters.nest;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * nest: moves the keys matching a Wildcard into a new map appended under Nest_under (even when the record already
 * has that key: no merge, the key appears twice). lift: replaces each Nested_under map by its entries, appended after
 * the other keys (existing keys are not replaced: duplicates). Add_prefix / Remove_prefix rename the moved keys.
 */
final class NestFilter implements Filter {
    enum Operation { NEST, LIFT }

    private final Operation op;
    private final String[] wildcards;
    private final boolean[] dynamic;
    private final String key;
    private final Value keyValue;
    private final String prefix;
    private final boolean addPrefix;
    private final boolean removePrefix;

    NestFilter(Operation op, List<String> wildcards, String key, String prefix, boolean addPrefix,
               boolean removePrefix) {
        this.op = op;
        this.wildcards = new String[wildcards.size()];
        this.dynamic = new boolean[wildcards.size()];
        for (int i = 0; i < wildcards.size(); i++) {
            String w = wildcards.get(i);
            boolean dyn = !w.isEmpty() && w.charAt(w.length() - 1) == '*';
            this.wildcards[i] = dyn ? w.substring(0, w.length() - 1) : w;
            this.dynamic[i] = dyn;
        }
        this.key = key;
        this.keyValue = ValueFactory.newString(key);
        this.prefix = prefix;
        this.addPrefix = addPrefix;
        this.removePrefix = removePrefix;
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue body = event.body();
        MapValue result = op == Operation.NEST ? nest(body) : lift(body);
        out.keep(result == null ? event : event.withBody(result));
    }

    MapValue nest(MapValue map) {
        Value[] kvs = map.getKeyValueArray();
        List<Value> top = new ArrayList<>(kvs.length + 2);
        List<Value> nested = new ArrayList<>();
        for (int i = 0; i < kvs.length; i += 2) {
            if (toNest(kvs[i])) {
                nested.add(renamed(kvs[i]));
                nested.add(kvs[i + 1]);
            } else {
                top.add(kvs[i]);
                top.add(kvs[i + 1]);
            }
        }
        if (nested.isEmpty()) {
            return null;
        }
        top.add(keyValue);
        top.add(ValueFactory.newMap(nested.toArray(new Value[0])));
        return ValueFactory.newMap(top.toArray(new Value[0]));
    }

    MapValue lift(MapValue map) {
        Value[] kvs = map.getKeyValueArray();
        List<Value> top = new ArrayList<>(kvs.length);
        List<Value> lifted = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < kvs.length; i += 2) {
            if (text(kvs[i]) != null && text(kvs[i]).equals(key) && kvs[i + 1].isMapValue()) {
                any = true;
                Value[] inner = kvs[i + 1].asMapValue().getKeyValueArray();
                for (int j = 0; j < inner.length; j += 2) {
                    lifted.add(renamed(inner[j]));
                    lifted.add(inner[j + 1]);
                }
            } else {
                top.add(kvs[i]);
                top.add(kvs[i + 1]);
            }
        }
        if (!any) {
            return null;
        }
        top.addAll(lifted);
        return ValueFactory.newMap(top.toArray(new Value[0]));
    }

    private boolean toNest(Value k) {
        String s = text(k);
        if (s == null) {
            return false;
        }
        for (int i = 0; i < wildcards.length; i++) {
            if (dynamic[i] ? s.startsWith(wildcards[i]) : s.equals(wildcards[i])) {
                return true;
            }
        }
        return false;
    }

    private Value renamed(Value k) {
        if (addPrefix) {
            String s = text(k);
            return ValueFactory.newString(prefix + (s == null ? "" : s));
        }
        if (removePrefix) {
            String s = text(k);
            if (s != null && s.startsWith(prefix)) {
                return ValueFactory.newString(s.substring(prefix.length()));
            }
        }
        return k;
    }

    private static String text(Value k) {
        if (k.isStringValue()) {
            return k.asStringValue().asString();
        }
        if (k.isBinaryValue()) {
            return new String(k.asBinaryValue().asByteArray(), StandardCharsets.UTF_8);
        }
        return null;
    }
}
