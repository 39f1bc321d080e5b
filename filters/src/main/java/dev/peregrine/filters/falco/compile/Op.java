package dev.peregrine.filters.falco.compile;

import java.util.Locale;

/** Comparison operators ({@code cmpop}). */
enum Op {
    EQ, NE, LT, LE, GT, GE, CONTAINS, ICONTAINS, BCONTAINS, STARTSWITH, BSTARTSWITH, ENDSWITH, GLOB, IGLOB, REGEX,
    IN, INTERSECTS, PMATCH, EXISTS;

    static Op parse(String s) {
        switch (s) {
            case "=": case "==": return EQ;
            case "!=": return NE;
            case "<": return LT;
            case "<=": return LE;
            case ">": return GT;
            case ">=": return GE;
            default:
                try {
                    return valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return null;
                }
        }
    }

    boolean isListOp() {
        return this == IN || this == INTERSECTS || this == PMATCH;
    }

    /** libsinsp's operator name in messages (cmpop_to_str). */
    String display() {
        switch (this) {
            case EQ: return "=";
            case NE: return "!=";
            case LT: return "<";
            case LE: return "<=";
            case GT: return ">";
            case GE: return ">=";
            default: return name().toLowerCase(Locale.ROOT);
        }
    }
}
