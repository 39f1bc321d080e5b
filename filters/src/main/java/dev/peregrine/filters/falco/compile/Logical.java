package dev.peregrine.filters.falco.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * Boolean combinators over compiled filters; arrays keep evaluation allocation-free.
 *
 * <p>Nested nodes of the same kind are flattened ({@code (a and b) and c} becomes one three-way and), which
 * macro inlining produces everywhere (e.g. {@code open_read and ...}). The order of the checks, and so
 * short-circuiting, is unchanged; flattening only removes a level of virtual dispatch per nested macro. Two-child
 * nodes, the most common shape, get their own class so the JIT sees two fixed call sites instead of a loop.
 */
final class Logical {
    private Logical() {
    }

    static Filter and(Filter[] children) {
        Filter[] flat = flatten(children, true);
        return flat.length == 2 ? new And2(flat[0], flat[1]) : new And(flat);
    }

    static Filter or(Filter[] children) {
        Filter[] flat = flatten(children, false);
        return flat.length == 2 ? new Or2(flat[0], flat[1]) : new Or(flat);
    }

    static Filter not(Filter child) {
        return new Not(child);
    }

    private static Filter[] flatten(Filter[] children, boolean and) {
        List<Filter> out = new ArrayList<>(children.length);
        for (Filter f : children) {
            Filter[] nested = and ? andChildren(f) : orChildren(f);
            if (nested != null) {
                out.addAll(List.of(nested));
            } else {
                out.add(f);
            }
        }
        return out.toArray(new Filter[0]);
    }

    private static Filter[] andChildren(Filter f) {
        if (f instanceof And a) {
            return a.children;
        }
        if (f instanceof And2 a) {
            return new Filter[] {a.a, a.b};
        }
        return null;
    }

    private static Filter[] orChildren(Filter f) {
        if (f instanceof Or o) {
            return o.children;
        }
        if (f instanceof Or2 o) {
            return new Filter[] {o.a, o.b};
        }
        return null;
    }

    static final class And implements Filter {
        final Filter[] children;

        And(Filter[] children) {
            this.children = children;
        }

        @Override
        public boolean matches(FieldSource e) {
            for (Filter f : children) {
                if (!f.matches(e)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or implements Filter {
        final Filter[] children;

        Or(Filter[] children) {
            this.children = children;
        }

        @Override
        public boolean matches(FieldSource e) {
            for (Filter f : children) {
                if (f.matches(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class And2 implements Filter {
        final Filter a;
        final Filter b;

        And2(Filter a, Filter b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean matches(FieldSource e) {
            return a.matches(e) && b.matches(e);
        }
    }

    static final class Or2 implements Filter {
        final Filter a;
        final Filter b;

        Or2(Filter a, Filter b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean matches(FieldSource e) {
            return a.matches(e) || b.matches(e);
        }
    }

    static final class Not implements Filter {
        final Filter child;

        Not(Filter child) {
            this.child = child;
        }

        @Override
        public boolean matches(FieldSource e) {
            return !child.matches(e);
        }
    }
}
