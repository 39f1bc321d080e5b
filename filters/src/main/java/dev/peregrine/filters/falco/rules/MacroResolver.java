package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.ast.AndExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.IdentifierExpr;
import dev.peregrine.filters.falco.ast.NotExpr;
import dev.peregrine.filters.falco.ast.OrExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Inlines macro references (identifier nodes) with the macros' ASTs, recursively, using one set of visible
 * macros for the whole tree (as Falco's {@code filter_macro_resolver} does).
 */
final class MacroResolver {
    private final Map<String, Expr> visible;
    private final Consumer<String> onUsed;

    MacroResolver(Map<String, Expr> visible, Consumer<String> onUsed) {
        this.visible = visible;
        this.onUsed = onUsed;
    }

    /** An unknown macro reference. */
    static final class UndefinedMacro extends RuntimeException {
        final transient IdentifierExpr node;

        UndefinedMacro(IdentifierExpr node, String message) {
            super(message);
            this.node = node;
        }
    }

    Expr resolve(Expr e) {
        return resolve(e, Set.of());
    }

    private Expr resolve(Expr e, Set<String> expanding) {
        if (e instanceof IdentifierExpr id) {
            Expr body = visible.get(id.name());
            if (body == null) {
                throw new UndefinedMacro(id, "Undefined macro '" + id.name() + "' used in filter.");
            }
            if (expanding.contains(id.name())) {
                throw new UndefinedMacro(id, "Macro '" + id.name() + "' has a circular reference.");
            }
            onUsed.accept(id.name());
            Set<String> next = new java.util.HashSet<>(expanding);
            next.add(id.name());
            return resolve(body, next);
        }
        if (e instanceof AndExpr a) {
            return new AndExpr(children(a.children(), expanding), a.pos());
        }
        if (e instanceof OrExpr o) {
            return new OrExpr(children(o.children(), expanding), o.pos());
        }
        if (e instanceof NotExpr n) {
            return new NotExpr(resolve(n.child(), expanding), n.pos());
        }
        return e;
    }

    private List<Expr> children(List<Expr> in, Set<String> expanding) {
        List<Expr> out = new ArrayList<>(in.size());
        for (Expr c : in) {
            out.add(resolve(c, expanding));
        }
        return out;
    }
}
