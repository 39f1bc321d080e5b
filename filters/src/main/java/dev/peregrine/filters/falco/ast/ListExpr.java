package dev.peregrine.filters.falco.ast;

import java.util.List;

/** A parenthesised list of literal values, e.g. {@code (a, b, "c d")}. */
public record ListExpr(List<String> values, Position pos) implements Expr {
    public ListExpr {
        values = List.copyOf(values);
    }
}
