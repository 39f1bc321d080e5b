package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

import java.util.List;

/**
 * One compiled check. A missing value is false for every operator. List values are handled per libsinsp:
 * for list fields {@code in} requires every element in the set and {@code intersects} any; for
 * multi-candidate fields (ancestors, either socket endpoint) one matching candidate suffices, except that
 * {@code !=} on endpoint fields means "no endpoint equals".
 */
final class Comparison implements Filter {
    private final Extractor lhs;
    private final Op op;
    private final ValueTest test;
    private final ValueTest equalsTest;
    private final boolean listField;
    /** The field read directly when there is no transformer: one interface call less per check. */
    private final FieldRef field;

    Comparison(Extractor lhs, Op op, ValueTest test, ValueTest equalsTest) {
        this.lhs = lhs;
        this.field = lhs instanceof FieldExtractor ? lhs.field() : null;
        this.op = op;
        this.test = test;
        this.equalsTest = equalsTest;
        this.listField = lhs.isList();
    }

    /** The field compared, when read without a transformer; else null. */
    FieldRef plainField() {
        return field;
    }

    static boolean endpointType(FieldType t) {
        return t == FieldType.IPADDR || t == FieldType.IPNET || t == FieldType.PORT;
    }

    @Override
    public boolean matches(FieldSource event) {
        Object v = field != null ? event.value(field) : lhs.extract(event);
        if (v == null) {
            return false;
        }
        if (op == Op.EXISTS) {
            return true;
        }
        // String is final: an exact class check, cheaper than the interface check below for the common case
        if (v instanceof String || !(v instanceof List<?> list)) {
            return test.test(v);
        }
        return matchList(list);
    }

    private boolean matchList(List<?> list) {
        if (listField && op == Op.IN) {
            if (list.isEmpty()) {
                return false;
            }
            for (Object o : list) {
                if (o == null || !test.test(o)) {
                    return false;
                }
            }
            return true;
        }
        if (equalsTest != null) {
            for (Object o : list) {
                if (o != null && equalsTest.test(o)) {
                    return false;
                }
            }
            return true;
        }
        for (Object o : list) {
            if (o != null && test.test(o)) {
                return true;
            }
        }
        return false;
    }
}
