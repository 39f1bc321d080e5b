package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

import java.util.EnumSet;
import java.util.Set;

/** Which operators each value type supports (libsinsp {@code flt_is_comparable}). Returns an error or null. */
final class TypeRules {
    private static final Set<Op> NUMERIC = EnumSet.of(Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN,
            Op.INTERSECTS, Op.EXISTS);
    private static final Set<Op> BOOL = EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.INTERSECTS, Op.EXISTS);
    private static final Set<Op> STRING = EnumSet.of(Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.CONTAINS, Op.IN,
            Op.EXISTS, Op.ICONTAINS, Op.STARTSWITH, Op.GLOB, Op.PMATCH, Op.ENDSWITH, Op.INTERSECTS, Op.IGLOB,
            Op.REGEX);
    private static final Set<Op> BUFFER = EnumSet.of(Op.EQ, Op.NE, Op.CONTAINS, Op.IN, Op.EXISTS, Op.STARTSWITH,
            Op.ENDSWITH, Op.INTERSECTS, Op.BCONTAINS, Op.BSTARTSWITH);
    private static final Set<Op> IP = EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.EXISTS, Op.INTERSECTS);
    private static final Set<Op> LIST = EnumSet.of(Op.IN, Op.EXISTS, Op.INTERSECTS);

    private TypeRules() {
    }

    static String check(Op op, FieldType type, boolean isList) {
        if (op == Op.EXISTS) {
            return null;
        }
        String name = "'" + op.display() + "'";
        if (isList) {
            return LIST.contains(op) ? null : name + " operator not supported list filters";
        }
        switch (type) {
            case BOOL:
                return BOOL.contains(op) ? null : name + " operator not supported for numeric filters";
            case IPADDR:
            case IPNET:
                return IP.contains(op) ? null : name + " operator not supported for ip address and network filters";
            case CHARBUF:
            case FSPATH:
            case FSRELPATH:
                return STRING.contains(op) ? null : name + " operator not supported for string filters";
            case BYTEBUF:
                return BUFFER.contains(op) ? null : name + " operator not supported for buffer filters";
            case DYN:
                return null;
            default:
                return NUMERIC.contains(op) ? null : name + " operator not supported for numeric filters";
        }
    }
}
