package dev.peregrine.filters.support;

import dev.peregrine.pipeline.event.Event;
import org.msgpack.value.Value;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** stdout's default format (msgpack_object_print), enough to compare with golden expected.stdout. */
public final class DefaultFormat {
    private DefaultFormat() {
    }

    public static String line(int n, String tag, Event e) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(n).append("] ").append(tag).append(": [[")
                .append(e.time().seconds()).append('.').append(String.format(Locale.ROOT, "%09d", e.time().nanos()))
                .append(", ");
        value(b, e.metadata());
        b.append("], ");
        value(b, e.body());
        b.append("]\n");
        return b.toString();
    }

    public static void value(StringBuilder b, Value v) {
        switch (v.getValueType()) {
            case NIL -> b.append("nil");
            case BOOLEAN -> b.append(v.asBooleanValue().getBoolean());
            case INTEGER -> b.append(v.asIntegerValue().asBigInteger());
            case FLOAT -> b.append(String.format(Locale.ROOT, "%f", v.asFloatValue().toDouble()));
            case STRING -> b.append('"').append(new String(v.asStringValue().asByteArray(), StandardCharsets.UTF_8))
                    .append('"');
            case BINARY -> {
                b.append('"');
                for (byte x : v.asBinaryValue().asByteArray()) {
                    int c = x & 0xff;
                    if (c == '"') {
                        b.append("\\\"");
                    } else if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
                b.append('"');
            }
            case ARRAY -> {
                b.append('[');
                int i = 0;
                for (Value x : v.asArrayValue()) {
                    if (i++ > 0) {
                        b.append(", ");
                    }
                    value(b, x);
                }
                b.append(']');
            }
            case MAP -> {
                b.append('{');
                Value[] kvs = v.asMapValue().getKeyValueArray();
                for (int i = 0; i < kvs.length; i += 2) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    value(b, kvs[i]);
                    b.append("=>");
                    value(b, kvs[i + 1]);
                }
                b.append('}');
            }
            default -> b.append("(ext)");
        }
    }
}
