package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.compile.ValueText;
import dev.peregrine.filters.falco.fields.FieldType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How one extracted value is printed: as text in the output line (libsinsp {@code rawval_to_string}) and as a
 * typed JSON value in {@code output_fields} ({@code rawval_to_json}): numbers for numeric types, booleans for
 * {@code BOOL}, strings otherwise, arrays for list fields. The declared field type decides, so a source that hands
 * a numeric field over as a string still yields a JSON number, as Falco would.
 */
final class FieldValueFormat {
    private final FieldType type;
    private final boolean list;
    private final boolean hex;

    FieldValueFormat(FieldType type, boolean list, boolean hex) {
        this.type = type;
        this.list = list;
        this.hex = hex;
    }

    /** Appends the text form; a non-list field given as several candidates prints the first. */
    void text(Object v, StringBuilder out) {
        if (v instanceof List<?> l) {
            if (list) {
                out.append('(');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    scalarText(l.get(i), out);
                }
                out.append(')');
                return;
            }
            v = l.isEmpty() ? null : l.get(0);
            if (v == null) {
                out.append(OutputFormat.NA);
                return;
            }
        }
        scalarText(v, out);
    }

    /** The JSON value: Long, BigInteger (large unsigned), Double, Boolean, String or List of those. */
    Object json(Object v) {
        if (v instanceof List<?> l) {
            if (list) {
                List<Object> out = new ArrayList<>(l.size());
                for (Object o : l) {
                    out.add(o == null ? null : scalarJson(o));
                }
                return out;
            }
            if (l.isEmpty()) {
                return null;
            }
            v = l.get(0);
            if (v == null) {
                return null;
            }
        }
        return scalarJson(v);
    }

    private void scalarText(Object v, StringBuilder out) {
        if (hex && v instanceof Number n) {
            out.append(Long.toHexString(n.longValue()).toUpperCase(java.util.Locale.ROOT));
            return;
        }
        if (v instanceof Number n && isUnsigned() && !(v instanceof Double) && !(v instanceof Float)
                && !(v instanceof BigInteger)) {
            long l = n.longValue();
            out.append(type == FieldType.UINT32 ? Long.toString(l & 0xFFFFFFFFL) : Long.toUnsignedString(l));
            return;
        }
        if (v instanceof byte[] b) {
            out.append(new String(b, StandardCharsets.UTF_8));
            return;
        }
        out.append(ValueText.of(v));
    }

    private Object scalarJson(Object v) {
        if (hex) {
            StringBuilder sb = new StringBuilder();
            scalarText(v, sb);
            return sb.toString();
        }
        if (type == FieldType.BOOL) {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                return n.longValue() != 0;
            }
            return Boolean.parseBoolean(ValueText.of(v));
        }
        if (type.isNumeric() || type == FieldType.DYN && v instanceof Number) {
            Number n = v instanceof Number num ? num : parseNumber(ValueText.of(v));
            if (n == null) {
                return ValueText.of(v);
            }
            if (n instanceof Double || n instanceof Float) {
                return n.doubleValue();
            }
            if (n instanceof BigInteger) {
                return n;
            }
            long l = n.longValue();
            if (type == FieldType.UINT32) {
                return l & 0xFFFFFFFFL;
            }
            if (isUnsigned() && l < 0) {
                return new BigInteger(Long.toUnsignedString(l));
            }
            return l;
        }
        if (type == FieldType.DYN && v instanceof Boolean) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        scalarText(v, sb);
        return sb.toString();
    }

    private boolean isUnsigned() {
        return type == FieldType.UINT32 || type == FieldType.UINT64 || type == FieldType.ABSTIME
                || type == FieldType.RELTIME || type == FieldType.PORT;
    }

    private static Number parseNumber(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }
}
