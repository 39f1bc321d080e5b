package dev.peregrine.pipeline.accessor;

import org.msgpack.value.Value;

import java.util.Locale;

/** How a record value is written into a template (ra_translate_keymap) and, for maps, as JSON text. */
final class ValueText {
    private ValueText() {
    }

    static void append(StringBuilder b, Value v) {
        switch (v.getValueType()) {
            case STRING -> b.append(v.asStringValue().asString());
            case INTEGER -> b.append(v.asIntegerValue().toLong());
            case FLOAT -> b.append(String.format(Locale.ROOT, "%f", v.asFloatValue().toDouble()));
            case BOOLEAN -> b.append(v.asBooleanValue().getBoolean());
            case NIL -> b.append("null");
            case MAP -> json(b, v);
            case BINARY -> {
                for (byte x : v.asBinaryValue().asByteArray()) {
                    b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
                }
            }
            default -> {
                // arrays and extensions have no text form in Fluent Bit's accessor
            }
        }
    }

    /** Compact JSON, non-ASCII as \\uXXXX (json.escape_unicode's default). */
    static void json(StringBuilder b, Value v) {
        switch (v.getValueType()) {
            case MAP -> {
                b.append('{');
                Value[] kvs = v.asMapValue().getKeyValueArray();
                for (int i = 0; i < kvs.length; i += 2) {
                    if (i > 0) {
                        b.append(',');
                    }
                    json(b, kvs[i]);
                    b.append(':');
                    json(b, kvs[i + 1]);
                }
                b.append('}');
            }
            case ARRAY -> {
                b.append('[');
                int i = 0;
                for (Value x : v.asArrayValue()) {
                    if (i++ > 0) {
                        b.append(',');
                    }
                    json(b, x);
                }
                b.append(']');
            }
            case STRING -> quote(b, v.asStringValue().asString());
            case INTEGER -> b.append(v.asIntegerValue().toLong());
            case FLOAT -> {
                double d = v.asFloatValue().toDouble();
                if (d == Math.rint(d) && !Double.isInfinite(d)) {
                    b.append(String.format(Locale.ROOT, "%.1f", d));
                } else {
                    b.append(String.format(Locale.ROOT, "%.16g", d).replaceFirst("\\.?0+(e|$)", "$1"));
                }
            }
            case BOOLEAN -> b.append(v.asBooleanValue().getBoolean());
            case NIL -> b.append("null");
            default -> quote(b, v.toString());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
