package dev.peregrine.filters.falco.ast;

/** A node of a condition AST. Records compare structurally including positions; see {@link AstPrinter}. */
public sealed interface Expr
        permits AndExpr, OrExpr, NotExpr, IdentifierExpr, ValueExpr, ListExpr, TransformerListExpr,
        UnaryCheckExpr, BinaryCheckExpr, FieldExpr, TransformerExpr {
    Position pos();
}
