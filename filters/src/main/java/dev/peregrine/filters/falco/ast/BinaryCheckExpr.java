package dev.peregrine.filters.falco.ast;

/**
 * A binary check {@code left op right}. {@code op} is the trimmed operator text; a string operator with a
 * modifier is stored as one op, e.g. {@code "== oneof"}.
 */
public record BinaryCheckExpr(Expr left, String op, Expr right, Position pos) implements Expr {
}
