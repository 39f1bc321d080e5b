package dev.peregrine.filters.falco.ast;

import java.util.List;

/**
 * A field transformer call such as {@code tolower(proc.name)}; {@code val(field)} is represented as a
 * transformer named {@code val}. {@code arg} is the optional trailing {@code [arg]} (null if absent).
 */
public record TransformerExpr(String name, List<Expr> values, String arg, Position pos) implements Expr {
    public TransformerExpr {
        values = List.copyOf(values);
    }
}
