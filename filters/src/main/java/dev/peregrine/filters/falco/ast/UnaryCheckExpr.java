package dev.peregrine.filters.falco.ast;

/** A unary check; the only unary operator is {@code exists}. */
public record UnaryCheckExpr(Expr left, String op, Position pos) implements Expr {
}
