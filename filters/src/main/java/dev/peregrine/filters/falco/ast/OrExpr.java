package dev.peregrine.filters.falco.ast;

import java.util.List;

/** Disjunction of two or more children. */
public record OrExpr(List<Expr> children, Position pos) implements Expr {
    public OrExpr {
        children = List.copyOf(children);
    }
}
