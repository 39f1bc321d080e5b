package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.rules.Definitions.ExValue;
import dev.peregrine.filters.falco.rules.Definitions.ExceptionDef;

import java.util.List;
import java.util.Set;

/**
 * Appends a rule's exceptions to its condition text exactly as Falco does: {@code (cond)} followed, per
 * exception with values, by {@code " and not ((...) or (...))"}. Lists are substituted afterwards.
 */
final class ExceptionConditions {
    private static final Set<String> LIST_OPS = Set.of("in", "intersects", "pmatch");

    private ExceptionConditions() {
    }

    static String apply(String cond, List<ExceptionDef> exceptions) {
        StringBuilder out = new StringBuilder("(").append(cond).append(')');
        for (ExceptionDef ex : exceptions) {
            String icond = ex.fields.isList() ? tupleCondition(ex) : scalarCondition(ex);
            if (!icond.isEmpty()) {
                out.append(" and not ").append(icond);
            }
        }
        return out.toString();
    }

    private static String scalarCondition(ExceptionDef ex) {
        StringBuilder sb = new StringBuilder();
        for (ExValue v : ex.values) {
            if (v.isList()) {
                throw new RuleLoadException(ex.ctx.message("Expected values array to contain a list of strings"));
            }
            sb.append(sb.length() == 0 ? "(" + ex.fields.item() + " " + ex.comps.item() + " (" : ", ");
            sb.append(ListSubstitution.quote(v.item()));
        }
        if (sb.length() > 0) {
            sb.append("))");
        }
        return sb.toString();
    }

    private static String tupleCondition(ExceptionDef ex) {
        StringBuilder sb = new StringBuilder("(");
        List<ExValue> fields = ex.fields.items();
        for (ExValue tuple : ex.values) {
            if (!tuple.isList() || tuple.items().size() != fields.size()) {
                throw new RuleLoadException(ex.ctx.message("Fields and values lists must have equal length"));
            }
            if (sb.length() > 1) {
                sb.append(" or ");
            }
            sb.append('(');
            for (int k = 0; k < fields.size(); k++) {
                if (k > 0) {
                    sb.append(" and ");
                }
                ExValue val = tuple.items().get(k);
                String comp = ex.comps.items().get(k).item();
                String rhs;
                if (val.isList()) {
                    StringBuilder l = new StringBuilder("(");
                    for (ExValue item : val.items()) {
                        if (l.length() > 1) {
                            l.append(", ");
                        }
                        l.append(ListSubstitution.quote(item.item() == null ? "" : item.item()));
                    }
                    rhs = l.append(')').toString();
                } else if (LIST_OPS.contains(comp) || RuleCollector.isModifierComp(comp)) {
                    rhs = ListSubstitution.paren(val.item());
                } else {
                    rhs = ListSubstitution.quote(val.item());
                }
                sb.append(' ').append(fields.get(k).item()).append(' ').append(comp).append(' ').append(rhs);
            }
            sb.append(')');
        }
        sb.append(')');
        return sb.toString().equals("()") ? "" : sb.toString();
    }
}
