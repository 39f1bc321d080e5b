package dev.peregrine.filters.falco.ast;

import dev.peregrine.filters.falco.parse.StringEscaping;

import java.util.List;

/**
 * Canonical re-serialisation of an AST (libsinsp {@code ast::as_string}): logical nodes are parenthesised,
 * values are escaped with {@link StringEscaping#escape}. Falco prints compiled conditions in this form.
 */
public final class AstPrinter {
    private AstPrinter() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        append(sb, e);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Expr e) {
        if (e instanceof AndExpr a) {
            logical(sb, "and", a.children());
        } else if (e instanceof OrExpr o) {
            logical(sb, "or", o.children());
        } else if (e instanceof NotExpr n) {
            sb.append("not ");
            append(sb, n.child());
        } else if (e instanceof IdentifierExpr i) {
            sb.append(i.name());
        } else if (e instanceof ValueExpr v) {
            sb.append(StringEscaping.escape(v.value()));
        } else if (e instanceof ListExpr l) {
            sb.append('(');
            for (int i = 0; i < l.values().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(StringEscaping.escape(l.values().get(i)));
            }
            sb.append(')');
        } else if (e instanceof TransformerListExpr t) {
            sb.append('(');
            joinExprs(sb, t.children());
            sb.append(')');
        } else if (e instanceof UnaryCheckExpr u) {
            append(sb, u.left());
            sb.append(' ').append(u.op());
        } else if (e instanceof BinaryCheckExpr b) {
            append(sb, b.left());
            sb.append(' ').append(b.op()).append(' ');
            append(sb, b.right());
        } else if (e instanceof FieldExpr f) {
            sb.append(f.field());
            appendArg(sb, f.arg());
        } else if (e instanceof TransformerExpr t) {
            sb.append(t.name()).append('(');
            joinExprs(sb, t.values());
            sb.append(')');
            appendArg(sb, t.arg());
        }
    }

    private static void logical(StringBuilder sb, String op, List<Expr> children) {
        sb.append('(');
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                sb.append(' ').append(op).append(' ');
            }
            append(sb, children.get(i));
        }
        sb.append(')');
    }

    private static void joinExprs(StringBuilder sb, List<Expr> children) {
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            append(sb, children.get(i));
        }
    }

    private static void appendArg(StringBuilder sb, String arg) {
        if (arg == null) {
            return;
        }
        if (arg.isEmpty()) {
            sb.append("[\"\"]");
        } else {
            sb.append('[').append(StringEscaping.escape(arg)).append(']');
        }
    }
}
