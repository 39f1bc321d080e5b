package dev.peregrine.filters.falco.ast;

/**
 * A literal right-hand value (bare or unescaped quoted string, or number text). Characters produced by
 * {@code \xHH} escapes are stored as the char with that code (0..255).
 */
public record ValueExpr(String value, Position pos) implements Expr {
}
