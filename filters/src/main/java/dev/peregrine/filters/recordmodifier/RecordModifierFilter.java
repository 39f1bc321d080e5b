package dev.peregrine.filters.recordmodifier;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes keys (Remove_key) or keeps only some (Allowlist_key), then appends every Record pair and the UUID key.
 * Record keys are appended even when the record already has them, so the record then holds the key twice. A record
 * left with no key at all is dropped.
 */
final class RecordModifierFilter implements Filter {
    private final KeyMatcher[] remove;
    private final KeyMatcher[] allow;
    private final Value[] records;
    private final Value uuidKey;

    RecordModifierFilter(List<KeyMatcher> remove, List<KeyMatcher> allow, List<String[]> records, String uuidKey) {
        this.remove = remove.toArray(new KeyMatcher[0]);
        this.allow = allow.toArray(new KeyMatcher[0]);
        List<Value> r = new ArrayList<>();
        for (String[] kv : records) {
            r.add(ValueFactory.newString(kv[0]));
            r.add(ValueFactory.newString(kv[1]));
        }
        this.records = r.toArray(new Value[0]);
        this.uuidKey = uuidKey == null ? null : ValueFactory.newString(uuidKey);
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue map = event.body();
        Value[] kvs = map.getKeyValueArray();
        List<Value> outKvs = new ArrayList<>(kvs.length + records.length + 2);
        boolean removed = false;
        for (int i = 0; i < kvs.length; i += 2) {
            if (drop(kvs[i])) {
                removed = true;
            } else {
                outKvs.add(kvs[i]);
                outKvs.add(kvs[i + 1]);
            }
        }
        if (!removed && records.length == 0 && uuidKey == null) {
            out.keep(event);
            return;
        }
        for (Value v : records) {
            outKvs.add(v);
        }
        if (uuidKey != null) {
            outKvs.add(uuidKey);
            outKvs.add(ValueFactory.newString(UUID.randomUUID().toString()));
        }
        if (outKvs.isEmpty()) {
            return;
        }
        out.keep(event.withBody(ValueFactory.newMap(outKvs.toArray(new Value[0]))));
    }

    private boolean drop(Value key) {
        if (remove.length > 0) {
            for (KeyMatcher m : remove) {
                if (m.matches(key)) {
                    return true;
                }
            }
            return false;
        }
        if (allow.length > 0) {
            for (KeyMatcher m : allow) {
                if (m.matches(key)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
