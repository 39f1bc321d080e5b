package dev.peregrine.bench;

import dev.peregrine.filters.falco.compile.ConditionMemo;
import dev.peregrine.filters.falco.compile.FieldRef;
import dev.peregrine.filters.falco.compile.FieldSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A decoded syscall event for benchmarks: field values by name, answered through a per-event array indexed by
 * {@link FieldRef#id()} once a field has been looked up. That models an extractor that reads a field straight from
 * a decoded event (an array or struct access), so the benchmark measures the rule engine, not a hash map.
 */
final class SyntheticEvent implements FieldSource, ConditionMemo {
    private static final Object MISSING = new Object();

    final String type;
    final int typeIndex;
    private final Map<String, Object> values = new HashMap<>();
    private Object[] byId = new Object[0];

    SyntheticEvent(String type, int typeIndex) {
        this.type = type;
        this.typeIndex = typeIndex;
        values.put("evt.type", type);
        values.put("evt.dir", "<");
    }

    /**
     * Results of shared subconditions, per evaluation: the benchmark moves the table to the next event before
     * evaluating each one, as a real source does when it binds the next event (values above stay cached because
     * they stand for the decoded event itself; subcondition results must not carry over from the last round).
     */
    static final class MemoTable {
        private int[] stamps = new int[64];
        private boolean[] results = new boolean[64];
        private int event = 1;

        void next() {
            event++;
        }
    }

    MemoTable memo;

    @Override
    public int memo(int slot) {
        MemoTable m = memo;
        if (m == null || slot >= m.stamps.length || m.stamps[slot] != m.event) {
            return 0;
        }
        return m.results[slot] ? 2 : 1;
    }

    @Override
    public void memo(int slot, boolean result) {
        MemoTable m = memo;
        if (m == null) {
            return;
        }
        if (slot >= m.stamps.length) {
            int n = Math.max(slot + 1, m.stamps.length * 2);
            m.stamps = Arrays.copyOf(m.stamps, n);
            m.results = Arrays.copyOf(m.results, n);
        }
        m.stamps[slot] = m.event;
        m.results[slot] = result;
    }

    SyntheticEvent put(String field, Object value) {
        values.put(field, value);
        return this;
    }

    Object get(String field) {
        return values.get(field);
    }

    @Override
    public Object value(FieldRef ref) {
        int id = ref.id();
        if (id < byId.length) {
            Object v = byId[id];
            if (v != null) {
                return v == MISSING ? null : v;
            }
        } else {
            int n = Math.max(id + 1, byId.length * 2);
            byId = Arrays.copyOf(byId, n);
        }
        Object v = values.get(ref.text());
        if (v == null && ref.arg() != null && ref.field().equals("evt.arg")) {
            v = values.get("evt.arg." + ref.arg());
        }
        byId[id] = v == null ? MISSING : v;
        return v;
    }
}
