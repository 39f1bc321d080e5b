package dev.peregrine.filters.modify;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.Arrays;
import java.util.List;

/** Applies the modify rules in config order to records that meet every condition. */
final class ModifyFilter implements Filter {
    private final ModifyCondition[] conditions;
    private final ModifyRule[] rules;

    ModifyFilter(List<ModifyCondition> conditions, List<ModifyRule> rules) {
        this.conditions = conditions.toArray(new ModifyCondition[0]);
        this.rules = rules.toArray(new ModifyRule[0]);
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue map = event.body();
        MapValue result = modify(map);
        out.keep(result == null ? event : event.withBody(result));
    }

    /** The modified record, or null when nothing changed. */
    MapValue modify(MapValue map) {
        Value[] kvs = map.getKeyValueArray();
        for (ModifyCondition c : conditions) {
            if (!c.test(map, kvs)) {
                return null;
            }
        }
        List<Value> cur = Arrays.asList(kvs);
        boolean changed = false;
        for (ModifyRule r : rules) {
            List<Value> next = r.apply(cur);
            if (next != null) {
                cur = next;
                changed = true;
            }
        }
        return changed ? ValueFactory.newMap(cur.toArray(new Value[0])) : null;
    }
}
