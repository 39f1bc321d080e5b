package dev.peregrine.filters.falco.evttype;

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
import dev.peregrine.filters.falco.parse.NumericLiterals;

import java.util.List;

/**
 * Computes the set of event types a condition can match. AND intersects, OR unions, and negation is pushed
 * to the leaves (De Morgan), where only {@code evt.type}/{@code syscall.type} checks with {@code = == != in}
 * restrict the set; {@code evt.num} is known to be at least 1, so e.g. {@code evt.num=0} matches nothing.
 * The state machine reproduces libsinsp's visitor, including its handling of neutral (non evt.type) leaves,
 * which are never inverted.
 */
public final class EventTypeAnalyzer {
    private boolean lastIsEvtTypeField;
    private boolean lastIsFieldOrTransformer = true;
    private boolean insideNegation;
    private boolean lastHasCodes;
    private EventTypeSet last = EventTypeSet.none();

    private EventTypeAnalyzer() {
    }

    /**
     * @throws IllegalArgumentException if evt.type is used with a transformer or compared with a field
     */
    public static EventTypeSet eventTypes(Expr e) {
        EventTypeAnalyzer a = new EventTypeAnalyzer();
        a.visit(e);
        return a.last;
    }

    private enum Invariant { EMPTY, ALL, UNKNOWN }

    private void visit(Expr e) {
        if (e instanceof AndExpr a) {
            if (insideNegation) {
                disjunction(a.children());
            } else {
                conjunction(a.children());
            }
        } else if (e instanceof OrExpr o) {
            if (insideNegation) {
                conjunction(o.children());
            } else {
                disjunction(o.children());
            }
        } else if (e instanceof NotExpr n) {
            last = EventTypeSet.none();
            boolean saved = insideNegation;
            insideNegation = !insideNegation;
            visit(n.child());
            insideNegation = saved;
            lastIsEvtTypeField = false;
        } else if (e instanceof BinaryCheckExpr b) {
            visitBinary(b);
        } else if (e instanceof UnaryCheckExpr u) {
            visit(u.left());
            lastHasCodes = lastIsEvtTypeField && u.op().equals("exists");
            last = EventTypeSet.all();
            lastIsEvtTypeField = false;
            tryInvert();
        } else if (e instanceof IdentifierExpr) {
            // an unresolved macro: neutral
            lastHasCodes = false;
            last = EventTypeSet.all();
            lastIsEvtTypeField = false;
            tryInvert();
        } else if (e instanceof ValueExpr v) {
            lastHasCodes = true;
            last = EventTypeSet.of(List.of(v.value()));
            lastIsEvtTypeField = false;
            tryInvert();
        } else if (e instanceof ListExpr l) {
            lastHasCodes = true;
            last = EventTypeSet.of(l.values());
            lastIsEvtTypeField = false;
            tryInvert();
        } else if (e instanceof TransformerListExpr t) {
            for (Expr c : t.children()) {
                visit(c);
            }
        } else if (e instanceof FieldExpr f) {
            lastHasCodes = false;
            lastIsFieldOrTransformer = true;
            lastIsEvtTypeField = (f.field().equals("evt.type") || f.field().equals("syscall.type")) && f.arg() == null;
            last = EventTypeSet.all();
            tryInvert();
        } else if (e instanceof TransformerExpr t) {
            for (Expr c : t.values()) {
                visit(c);
                if (lastIsEvtTypeField) {
                    throw new IllegalArgumentException(
                            "event code search does not support `evt.type` checks with transformers");
                }
            }
            lastIsFieldOrTransformer = true;
        }
    }

    private void visitBinary(BinaryCheckExpr b) {
        lastHasCodes = false;
        Invariant inv = evtNumInvariant(b);
        if (inv != Invariant.UNKNOWN) {
            last = inv == Invariant.EMPTY ? EventTypeSet.none() : EventTypeSet.all();
            lastHasCodes = true;
            lastIsEvtTypeField = false;
            tryInvert();
            return;
        }
        String op = b.op();
        if (op.equals("=") || op.equals("==") || op.equals("!=") || op.equals("in")) {
            visit(b.left());
            if (lastIsEvtTypeField) {
                lastIsFieldOrTransformer = false;
                visit(b.right());
                if (lastIsFieldOrTransformer) {
                    throw new IllegalArgumentException("right-hand field comparisons on `evt.type`/`syscall.type` "
                            + "checks are not supported by event code search");
                }
                if (op.equals("!=")) {
                    invert();
                }
                lastIsEvtTypeField = false;
                return;
            }
        }
        last = EventTypeSet.all();
        lastIsEvtTypeField = false;
        tryInvert();
    }

    private void conjunction(List<Expr> children) {
        EventTypeSet acc = EventTypeSet.all();
        for (Expr c : children) {
            visit(c);
            acc = acc.intersect(last);
        }
        last = acc;
        lastIsEvtTypeField = false;
    }

    private void disjunction(List<Expr> children) {
        EventTypeSet acc = EventTypeSet.none();
        for (Expr c : children) {
            visit(c);
            acc = acc.union(last);
        }
        last = acc;
        lastIsEvtTypeField = false;
    }

    /** Neutral checks are never inverted: "not proc.name=cat" still matches every type. */
    private void invert() {
        if (lastHasCodes) {
            last = last.complement();
        }
    }

    private void tryInvert() {
        if (insideNegation) {
            invert();
        }
    }

    private static Invariant evtNumInvariant(BinaryCheckExpr b) {
        if (!(b.left() instanceof FieldExpr f) || !f.field().equals("evt.num") || f.arg() != null) {
            return Invariant.UNKNOWN;
        }
        String op = b.op();
        if (op.equals("in")) {
            if (!(b.right() instanceof ListExpr l)) {
                return Invariant.UNKNOWN;
            }
            for (String v : l.values()) {
                Long n = NumericLiterals.tryParseU64(v);
                if (n == null || n != 0) {
                    return Invariant.UNKNOWN;
                }
            }
            return Invariant.EMPTY;
        }
        if (!(b.right() instanceof ValueExpr v)) {
            return Invariant.UNKNOWN;
        }
        Long parsed = NumericLiterals.tryParseU64(v.value());
        if (parsed == null) {
            return Invariant.UNKNOWN;
        }
        long n = parsed;
        boolean zero = n == 0;
        boolean zeroOrOne = n == 0 || n == 1;
        switch (op) {
            case "=", "==", "<=":
                return zero ? Invariant.EMPTY : Invariant.UNKNOWN;
            case "!=", ">":
                return zero ? Invariant.ALL : Invariant.UNKNOWN;
            case "<":
                return zeroOrOne ? Invariant.EMPTY : Invariant.UNKNOWN;
            case ">=":
                return zeroOrOne ? Invariant.ALL : Invariant.UNKNOWN;
            default:
                return Invariant.UNKNOWN;
        }
    }
}
