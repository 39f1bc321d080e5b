package dev.peregrine.filters.falco.ast;

/** A field reference with optional argument; {@code arg == null} means no brackets, "" means {@code [""]}. */
public record FieldExpr(String field, String arg, Position pos) implements Expr {
}
