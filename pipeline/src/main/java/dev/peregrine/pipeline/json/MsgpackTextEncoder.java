package dev.peregrine.pipeline.json;

import dev.peregrine.pipeline.event.Event;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * msgpack values as text the way msgpack-c's {@code msgpack_object_print} (lib/msgpack-c/src/objectc.c) prints
 * them, which out_stdout's default format and out_file's csv, ltsv and template formats use:
 * strings between quotes with no escaping at all (raw bytes, newlines and invalid UTF-8 included), maps as
 * {@code {k=>v, k2=>v2}}, arrays as {@code [a, b]}, {@code nil}, {@code true}/{@code false}, integers in decimal,
 * floats as {@code %f}, bin as {@code "..."} with {@code \"} and {@code \xNN} for non-printable bytes, ext as
 * {@code (ext: T)"..."}. Duplicate keys are all printed. Stateless and thread-safe.
 */
public final class MsgpackTextEncoder {
    private static final byte[] NIL = "nil".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARROW = "=>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = ", ".getBytes(StandardCharsets.US_ASCII);

    private MsgpackTextEncoder() {
    }

    /** Appends the printed form of {@code v}. */
    public static void encode(Value v, ByteSink out) {
        switch (v.getValueType()) {
            case NIL -> out.write(NIL);
            case BOOLEAN -> out.write(v.asBooleanValue().getBoolean() ? TRUE : FALSE);
            case INTEGER -> JsonEncoder.writeInteger(v.asIntegerValue(), out);
            case FLOAT -> FloatTextEncoder.writeFixed(v.asFloatValue().toDouble(), 6, out);
            case STRING -> {
                out.write('"');
                out.write(v.asRawValue().asByteBuffer());
                out.write('"');
            }
            case BINARY -> {
                out.write('"');
                writeBin(v.asRawValue().asByteBuffer(), out);
                out.write('"');
            }
            case EXTENSION -> {
                ExtensionValue ext = v.asExtensionValue();
                out.writeAscii("(ext: ").writeLong(ext.getType()).write(')');
                out.write('"');
                writeBin(ByteBuffer.wrap(ext.getData()), out);
                out.write('"');
            }
            case ARRAY -> {
                ArrayValue a = v.asArrayValue();
                out.write('[');
                for (int i = 0, n = a.size(); i < n; i++) {
                    if (i > 0) {
                        out.write(COMMA);
                    }
                    encode(a.get(i), out);
                }
                out.write(']');
            }
            case MAP -> {
                Value[] kvs = v.asMapValue().getKeyValueArray();
                out.write('{');
                for (int i = 0; i < kvs.length; i += 2) {
                    if (i > 0) {
                        out.write(COMMA);
                    }
                    encode(kvs[i], out);
                    out.write(ARROW);
                    encode(kvs[i + 1], out);
                }
                out.write('}');
            }
            default -> throw new IllegalStateException("unknown msgpack type " + v.getValueType());
        }
    }

    /**
     * Appends one record line of out_stdout's default format:
     * {@code [<n>] <tag>: [[<sec>.<nsec 9 digits>, <metadata>], <body>]\n}.
     */
    public static void encodeStdoutRecord(long n, byte[] tag, Event e, ByteSink out) {
        out.write('[').writeLong(n).write(']').write(' ');
        out.write(tag);
        out.write(':').write(' ').write('[').write('[');
        out.writeLong(e.time().seconds()).write('.').writeUnsignedDigits(e.time().nanos(), 9);
        out.write(COMMA);
        MapValue meta = e.metadata();
        encode(meta, out);
        out.write(']').write(COMMA);
        encode(e.body(), out);
        out.write(']').write('\n');
    }

    /** isprint() in the C locale: 0x20..0x7E. */
    private static void writeBin(ByteBuffer b, ByteSink out) {
        for (int i = b.position(), end = b.limit(); i < end; i++) {
            int c = b.get(i) & 0xFF;
            if (c == '"') {
                out.write('\\').write('"');
            } else if (c >= 0x20 && c < 0x7F) {
                out.write(c);
            } else {
                out.write('\\').write('x').writeHex2(c);
            }
        }
    }
}
