package dev.peregrine.filters.falco.ast;

import java.util.List;

/** A parenthesised list of transformer arguments, e.g. the second argument of {@code join("-", (a.b, c.d))}. */
public record TransformerListExpr(List<Expr> children, Position pos) implements Expr {
    public TransformerListExpr {
        children = List.copyOf(children);
    }
}
