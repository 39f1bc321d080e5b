package dev.peregrine.filters.falco.ast;

import java.util.List;

/** Conjunction of two or more children. */
public record AndExpr(List<Expr> children, Position pos) implements Expr {
    public AndExpr {
        children = List.copyOf(children);
    }
}
