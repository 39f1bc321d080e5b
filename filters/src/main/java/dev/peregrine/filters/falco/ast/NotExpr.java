package dev.peregrine.filters.falco.ast;

/** Negation. The parser folds "not not x" into x, so a NotExpr never directly wraps another from one prefix run. */
public record NotExpr(Expr child, Position pos) implements Expr {
}
