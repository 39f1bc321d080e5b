package dev.peregrine.pipeline.parser;

import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser's {@code Types} option ({@code key:integer key2:bool ...}): casts the string values of regex, logfmt and
 * ltsv parsers. Casting follows C: {@code atoll}, {@code strtoull(.., 16)}, {@code atof}; a bool that is neither
 * true nor false stays a string (Fluent Bit logs "cast error").
 */
public final class FieldTypes {
    public enum Type { STRING, INTEGER, BOOL, FLOAT, HEX }

    private final List<String> keys = new ArrayList<>();
    private final List<Type> types = new ArrayList<>();

    /** Parses the Types value: space-separated {@code key:type}; entries without ':' are ignored. */
    public static FieldTypes parse(String spec) {
        FieldTypes t = new FieldTypes();
        for (String item : spec.split(" ")) {
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String type = item.substring(colon + 1).toLowerCase(Locale.ROOT);
            t.keys.add(item.substring(0, colon));
            t.types.add(switch (type) {
                case "integer" -> Type.INTEGER;
                case "bool" -> Type.BOOL;
                case "float" -> Type.FLOAT;
                case "hex" -> Type.HEX;
                default -> Type.STRING;
            });
        }
        return t;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The value for {@code key}: cast when a type is declared for it, else the string itself. */
    public Value cast(String key, String value) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(key)) {
                return castTo(types.get(i), value);
            }
        }
        return ValueFactory.newString(value);
    }

    static Value castTo(Type type, String v) {
        return switch (type) {
            case INTEGER -> ValueFactory.newInteger(atoll(v));
            case HEX -> hex(v);
            case FLOAT -> ValueFactory.newFloat(atof(v));
            case BOOL -> {
                if (v.regionMatches(true, 0, "true", 0, 4)) {
                    yield ValueFactory.newBoolean(true);
                } else if (v.regionMatches(true, 0, "false", 0, 5)) {
                    yield ValueFactory.newBoolean(false);
                }
                yield ValueFactory.newString(v);
            }
            case STRING -> ValueFactory.newString(v);
        };
    }

    /** C atoll: leading spaces, optional sign, digits; 0 when none; saturates like glibc strtoll. */
    static long atoll(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i++) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    private static final java.util.regex.Pattern LEADING_FLOAT = java.util.regex.Pattern.compile(
            "^[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:infinity|inf|nan))");

    /** C atof: the longest leading number; 0 when none. */
    static double atof(String s) {
        java.util.regex.Matcher m = LEADING_FLOAT.matcher(s.stripLeading());
        if (!m.find()) {
            return 0;
        }
        String t = m.group().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("inf") || t.endsWith("infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.endsWith("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    private static Value hex(String s) {
        String t = s.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        int i = 0;
        while (i < t.length() && Character.digit(t.charAt(i), 16) >= 0) {
            i++;
        }
        if (i == 0) {
            return ValueFactory.newInteger(0);
        }
        BigInteger b = new BigInteger(t.substring(0, i), 16);
        if (b.bitLength() > 64) {
            b = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        }
        return ValueFactory.newInteger(b);
    }
}
