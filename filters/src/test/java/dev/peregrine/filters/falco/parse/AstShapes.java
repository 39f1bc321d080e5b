package dev.peregrine.filters.falco.parse;

import dev.peregrine.filters.falco.ast.AndExpr;
import dev.peregrine.filters.falco.ast.BinaryCheckExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.IdentifierExpr;
import dev.peregrine.filters.falco.ast.ListExpr;
import dev.peregrine.filters.falco.ast.NotExpr;
import dev.peregrine.filters.falco.ast.OrExpr;
import dev.peregrine.filters.falco.ast.TransformerExpr;
import dev.peregrine.filters.falco.ast.TransformerListExpr;
import dev.peregrine.filters.falco.ast.UnaryCheckExpr;
import dev.peregrine.filters.falco.ast.ValueExpr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts ASTs to the JSON shapes and position strings used by parser-cases.json. */
final class AstShapes {
    private AstShapes() {
    }

    static Object shape(Expr e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e instanceof AndExpr a) {
            m.put("type", "and");
            m.put("children", a.children().stream().map(AstShapes::shape).toList());
        } else if (e instanceof OrExpr o) {
            m.put("type", "or");
            m.put("children", o.children().stream().map(AstShapes::shape).toList());
        } else if (e instanceof NotExpr n) {
            m.put("type", "not");
            m.put("child", shape(n.child()));
        } else if (e instanceof IdentifierExpr i) {
            m.put("type", "identifier");
            m.put("name", i.name());
        } else if (e instanceof ValueExpr v) {
            m.put("type", "value");
            m.put("value", v.value());
        } else if (e instanceof ListExpr l) {
            m.put("type", "list");
            m.put("values", l.values());
        } else if (e instanceof UnaryCheckExpr u) {
            m.put("type", "unary");
            m.put("left", shape(u.left()));
            m.put("op", u.op());
        } else if (e instanceof BinaryCheckExpr b) {
            m.put("type", "binary");
            m.put("left", shape(b.left()));
            m.put("op", b.op());
            m.put("right", shape(b.right()));
        } else if (e instanceof FieldExpr f) {
            m.put("type", "field");
            m.put("name", f.field());
            m.put("arg", f.arg());
        } else if (e instanceof TransformerExpr t) {
            m.put("type", "transformer");
            m.put("name", t.name());
            m.put("value", t.values().size() == 1 ? shape(t.values().get(0))
                    : t.values().stream().map(AstShapes::shape).toList());
        } else if (e instanceof TransformerListExpr t) {
            m.put("type", "transformer_list");
            m.put("children", t.children().stream().map(AstShapes::shape).toList());
        }
        return m;
    }

    static String preorderPositions(Expr e) {
        StringBuilder sb = new StringBuilder();
        preorder(e, sb);
        return sb.toString();
    }

    private static void preorder(Expr e, StringBuilder sb) {
        List<Expr> children = new ArrayList<>();
        String kind;
        if (e instanceof AndExpr a) {
            kind = "and";
            children.addAll(a.children());
        } else if (e instanceof OrExpr o) {
            kind = "or";
            children.addAll(o.children());
        } else if (e instanceof NotExpr n) {
            kind = "not";
            children.add(n.child());
        } else if (e instanceof IdentifierExpr) {
            kind = "identifier";
        } else if (e instanceof ValueExpr) {
            kind = "value";
        } else if (e instanceof ListExpr) {
            kind = "list";
        } else if (e instanceof UnaryCheckExpr u) {
            kind = "unary";
            children.add(u.left());
        } else if (e instanceof BinaryCheckExpr b) {
            kind = "binary";
            children.add(b.left());
            children.add(b.right());
        } else if (e instanceof FieldExpr) {
            kind = "field";
        } else if (e instanceof TransformerExpr t) {
            kind = "transformer";
            children.addAll(t.values());
        } else {
            kind = "transformer_list";
            children.addAll(((TransformerListExpr) e).children());
        }
        sb.append(kind).append(e.pos().idx()).append(' ').append(e.pos().line()).append(' ').append(e.pos().col());
        for (Expr c : children) {
            preorder(c, sb);
        }
    }
}
