package dev.peregrine.filters.falco.ast;

/** A bare identifier in check position: a macro reference, resolved by the rule loader. */
public record IdentifierExpr(String name, Position pos) implements Expr {
}
