package dev.peregrine.filters.falco.compile;

/** Boolean combinators over compiled filters; arrays keep evaluation allocation-free. */
final class Logical {
    private Logical() {
    }

    static Filter and(Filter[] children) {
        return e -> {
            for (Filter f : children) {
                if (!f.matches(e)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Filter or(Filter[] children) {
        return e -> {
            for (Filter f : children) {
                if (f.matches(e)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Filter not(Filter child) {
        return e -> !child.matches(e);
    }
}
