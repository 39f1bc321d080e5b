package dev.peregrine.filters.falco.output;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Falco's JSON alert line, byte for byte: nlohmann::json {@code dump()} of an object with sorted keys, compact
 * separators, UTF-8 kept as is ({@code ensure_ascii = false}), invalid UTF-16 replaced by U+FFFD.
 *
 * <p>Keys: {@code hostname}, {@code message} (opt-in), {@code output}, {@code output_fields}, {@code priority},
 * {@code rule}, {@code source}, {@code tags}, {@code time}. Falco 0.35 and older appended
 * {@code , "output_fields": {...}} after the sorted object instead ({@link Layout#FALCO_0_35}); the regression
 * outputs of that release are written that way.
 */
public final class AlertJson {
    /** Where {@code output_fields} goes. */
    public enum Layout {
        /** Falco ≥ 0.36: one object, all keys sorted. */
        SORTED,
        /** Falco ≤ 0.35: sorted object without output_fields, then {@code , "output_fields": {...}}. */
        FALCO_0_35
    }

    private AlertJson() {
    }

    public static String encode(Alert a, AlertFormatOptions o) {
        return encode(a, o, Layout.SORTED);
    }

    public static String encode(Alert a, AlertFormatOptions o, Layout layout) {
        StringBuilder sb = new StringBuilder(512);
        sb.append('{');
        key(sb, "hostname", true).append(string(a.hostname()));
        boolean internal = a.internal();
        if (!internal && o.includeMessage()) {
            key(sb, "message", false).append(string(a.message()));
        }
        if (internal || o.includeOutput()) {
            key(sb, "output", false).append(string(a.output()));
        }
        boolean fields = internal || o.includeOutputFields();
        if (fields && layout == Layout.SORTED) {
            key(sb, "output_fields", false);
            value(sb, a.outputFields());
        }
        key(sb, "priority", false).append(string(a.priority().display()));
        key(sb, "rule", false).append(string(a.rule()));
        key(sb, "source", false).append(string(a.source()));
        if (!internal && o.includeTags()) {
            key(sb, "tags", false);
            value(sb, a.tags());
        }
        key(sb, "time", false).append(string(a.isoTime()));
        if (fields && layout == Layout.FALCO_0_35) {
            sb.append(", \"output_fields\": ");
            value(sb, a.outputFields());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder key(StringBuilder sb, String k, boolean first) {
        if (!first) {
            sb.append(',');
        }
        return sb.append('"').append(k).append("\":");
    }

    /** Appends a JSON value: null, Boolean, Number, String (others as their string), List, Map. */
    static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"');
            escape(s, sb);
            sb.append('"');
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(number(((Number) v).doubleValue()));
        } else if (v instanceof Number n) {
            sb.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                value(sb, String.valueOf(e.getKey()));
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else {
            value(sb, String.valueOf(v));
        }
    }

    private static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        escape(s, sb);
        return sb.append('"').toString();
    }

    /** A JSON string's body without the quotes: what Falco prints as the text alert line. */
    public static String escapeBody(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                StringBuilder sb = new StringBuilder(s.length() + 16);
                escape(s, sb);
                return sb.toString();
            }
        }
        return s;
    }

    static void escape(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /** nlohmann prints doubles in the shortest round-trip form, with {@code .0} for integral values. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return new BigDecimal(d).toPlainString() + ".0";
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        String exp = s.substring(e + 1);
        return mant + "e" + (exp.startsWith("-") ? exp : "+" + exp);
    }
}
