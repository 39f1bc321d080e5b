package dev.peregrine.filters.falco.compile;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Specialises a compiled condition for one event type. Rules are only tried on the event types they can match
 * (the rule set's index), so every {@code evt.type} check in a candidate's condition has a known answer: this
 * replaces those checks by constants and folds the boolean structure around them. {@code open_read} on an
 * {@code openat} event loses its {@code evt.type in (open, openat, openat2)}, and the {@code or} branches that
 * belong to other types ({@code spawned_process or ...}) disappear.
 *
 * <p>Semantics are unchanged: {@code evt.type} is never missing, the folded check gives the same answer it would
 * give on every event of that type, and and/or/not have no side effects; the remaining checks keep their order.
 * Only {@code evt.type} without transformer is folded ({@code syscall.type} is missing on non-syscall events).
 */
public final class EventTypeSpecializer {
    private EventTypeSpecializer() {
    }

    /** {@code filter} as it behaves on events whose {@code evt.type} is {@code typeName}. */
    public static Filter specialize(Filter filter, String typeName) {
        return specialize(filter, typeName, new IdentityHashMap<>());
    }

    /**
     * Like {@link #specialize(Filter, String)}, with {@code done} remembering results across calls for the same
     * type: a node shared by several rules stays one shared node after specialisation ({@link SharedConditions}).
     */
    public static Filter specialize(Filter filter, String typeName, Map<Filter, Filter> done) {
        return fold(filter, typeName, done);
    }

    private static Filter fold(Filter f, String type, Map<Filter, Filter> done) {
        Filter r = done.get(f);
        if (r == null) {
            r = foldOnce(f, type, done);
            done.put(f, r);
        }
        return r;
    }

    private static Filter foldOnce(Filter f, String type, Map<Filter, Filter> done) {
        if (f instanceof Comparison c) {
            FieldRef ref = c.plainField();
            if (ref != null && ref.arg() == null && ref.field().equals("evt.type")) {
                return c.matches(r -> r == ref ? type : null) ? Filter.TRUE : Filter.FALSE;
            }
            return f;
        }
        if (f instanceof Logical.Not n) {
            Filter child = fold(n.child, type, done);
            if (child == Filter.TRUE) {
                return Filter.FALSE;
            }
            if (child == Filter.FALSE) {
                return Filter.TRUE;
            }
            return child == n.child ? f : Logical.not(child);
        }
        boolean and = f instanceof Logical.And || f instanceof Logical.And2;
        boolean or = f instanceof Logical.Or || f instanceof Logical.Or2;
        if (!and && !or) {
            return f;
        }
        Filter[] children = f instanceof Logical.And a ? a.children : f instanceof Logical.Or o ? o.children
                : f instanceof Logical.And2 a2 ? new Filter[] {a2.a, a2.b}
                : new Filter[] {((Logical.Or2) f).a, ((Logical.Or2) f).b};
        // and: a false child decides, true children drop out; or: the reverse
        Filter decides = and ? Filter.FALSE : Filter.TRUE;
        Filter neutral = and ? Filter.TRUE : Filter.FALSE;
        List<Filter> kept = new ArrayList<>(children.length);
        boolean changed = false;
        for (Filter child : children) {
            Filter g = fold(child, type, done);
            changed |= g != child;
            if (g == decides) {
                return decides;
            }
            if (g != neutral) {
                kept.add(g);
            }
        }
        if (!changed) {
            return f;
        }
        if (kept.isEmpty()) {
            return neutral;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        Filter[] arr = kept.toArray(new Filter[0]);
        return and ? Logical.and(arr) : Logical.or(arr);
    }
}
