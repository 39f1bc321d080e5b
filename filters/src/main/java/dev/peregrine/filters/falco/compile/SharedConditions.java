package dev.peregrine.filters.falco.compile;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the subconditions that several candidate rules of one event type share (the same compiled node, as the
 * compiler hands out one node per distinct subexpression) and wraps each in a memo node, so it is evaluated once
 * per event ({@link ConditionMemo}). Only and/or/not nodes are memoised: a single comparison costs about what a memo
 * lookup does, and its field value is already cached by the source.
 *
 * <p>Semantics are unchanged: a condition has no side effects and the same answer for the same event, so reusing
 * the first answer gives what evaluating it again would.
 */
public final class SharedConditions {
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private SharedConditions() {
    }

    /** A process-wide unique memo slot. */
    static int newSlot() {
        return NEXT_SLOT.getAndIncrement();
    }

    /** {@code roots} with every and/or/not node reachable from two or more places memoised. */
    public static List<Filter> memoize(List<Filter> roots) {
        Map<Filter, Integer> refs = new IdentityHashMap<>();
        for (Filter r : roots) {
            count(r, refs);
        }
        Map<Filter, Filter> rewritten = new IdentityHashMap<>();
        List<Filter> out = new ArrayList<>(roots.size());
        for (Filter r : roots) {
            out.add(rewrite(r, refs, rewritten));
        }
        return out;
    }

    private static void count(Filter f, Map<Filter, Integer> refs) {
        if (refs.merge(f, 1, Integer::sum) > 1) {
            return;
        }
        for (Filter c : children(f)) {
            count(c, refs);
        }
    }

    private static Filter[] children(Filter f) {
        if (f instanceof Logical.And a) {
            return a.children;
        }
        if (f instanceof Logical.Or o) {
            return o.children;
        }
        if (f instanceof Logical.And2 a) {
            return new Filter[] {a.a, a.b};
        }
        if (f instanceof Logical.Or2 o) {
            return new Filter[] {o.a, o.b};
        }
        if (f instanceof Logical.Not n) {
            return new Filter[] {n.child};
        }
        return new Filter[0];
    }

    private static Filter rewrite(Filter f, Map<Filter, Integer> refs, Map<Filter, Filter> done) {
        Filter r = done.get(f);
        if (r != null) {
            return r;
        }
        Filter[] children = children(f);
        if (children.length == 0) {
            done.put(f, f);
            return f;
        }
        Filter[] next = new Filter[children.length];
        boolean changed = false;
        for (int i = 0; i < children.length; i++) {
            next[i] = rewrite(children[i], refs, done);
            changed |= next[i] != children[i];
        }
        r = f;
        if (changed) {
            r = f instanceof Logical.Not ? Logical.not(next[0])
                    : f instanceof Logical.And || f instanceof Logical.And2 ? Logical.and(next) : Logical.or(next);
        }
        if (refs.getOrDefault(f, 0) > 1) {
            r = new Memo(newSlot(), r);
        }
        done.put(f, r);
        return r;
    }

    /** A shared subcondition: its answer for the current event is computed once. */
    static final class Memo implements Filter {
        final int slot;
        final Filter child;

        Memo(int slot, Filter child) {
            this.slot = slot;
            this.child = child;
        }

        @Override
        public boolean matches(FieldSource e) {
            if (e instanceof ConditionMemo m) {
                int r = m.memo(slot);
                if (r != 0) {
                    return r == 2;
                }
                boolean v = child.matches(e);
                m.memo(slot, v);
                return v;
            }
            return child.matches(e);
        }
    }
}
