package dev.peregrine.outputs.file;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.FloatTextEncoder;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.json.MsgpackTextEncoder;
import org.msgpack.value.Value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text out_file writes per record (write_log_record, csv_output, ltsv_output, template_output, plain_output in
 * plugins/out_file/file.c). Values in csv/ltsv/template are printed by msgpack_object_print; the out_file and
 * plain formats use flb_msgpack_to_json. Thread-safe.
 */
public final class FileRecordEncoder {
    private final FileOptions options;
    private final JsonEncoder json;
    private final byte[] delimiter;
    private final byte[] labelDelimiter;
    private final byte[] template;

    public FileRecordEncoder(FileOptions options, JsonEncoder json) {
        this.options = options;
        this.json = json;
        this.delimiter = bytes(options.delimiter());
        this.labelDelimiter = bytes(options.labelDelimiter());
        this.template = bytes(options.template());
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends one record.
     *
     * @param columnNames csv only: also write the header line (the file was empty)
     */
    public void encode(byte[] tag, Event e, boolean columnNames, ByteSink out) {
        switch (options.format()) {
            case OUT_FILE -> {
                out.write(tag).write(':').write(' ').write('[');
                out.writeUnsignedLong(e.time().seconds()).write('.').writeUnsignedDigits(e.time().nanos(), 9);
                out.write(',').write(' ');
                json.encode(e.body(), out);
                out.write(']').write('\n');
            }
            case PLAIN -> {
                json.encode(e.body(), out);
                out.write('\n');
            }
            case CSV -> csv(e, columnNames, out);
            case LTSV -> ltsv(e, out);
            case TEMPLATE -> template(e, out);
            case MSGPACK -> throw new IllegalStateException("msgpack is written per chunk");
            default -> throw new IllegalStateException(String.valueOf(options.format()));
        }
    }

    private void csv(Event e, boolean columnNames, ByteSink out) {
        Value[] kvs = e.body().getKeyValueArray();
        if (kvs.length == 0) {
            return;
        }
        if (columnNames) {
            out.writeAscii("timestamp").write(delimiter);
            for (int i = 0; i < kvs.length; i += 2) {
                MsgpackTextEncoder.encode(kvs[i], out);
                if (i + 2 < kvs.length) {
                    out.write(delimiter);
                }
            }
            out.write('\n');
        }
        out.writeLong(e.time().seconds()).write('.').writeUnsignedDigits(e.time().nanos(), 9).write(delimiter);
        for (int i = 1; i < kvs.length; i += 2) {
            MsgpackTextEncoder.encode(kvs[i], out);
            if (i + 2 < kvs.length) {
                out.write(delimiter);
            }
        }
        out.write('\n');
    }

    private void ltsv(Event e, ByteSink out) {
        Value[] kvs = e.body().getKeyValueArray();
        if (kvs.length == 0) {
            return;
        }
        out.writeAscii("\"time\"").write(labelDelimiter);
        FloatTextEncoder.writeFixed(timeDouble(e.time()), 6, out);
        out.write(delimiter);
        for (int i = 0; i < kvs.length; i += 2) {
            MsgpackTextEncoder.encode(kvs[i], out);
            out.write(labelDelimiter);
            MsgpackTextEncoder.encode(kvs[i + 1], out);
            if (i + 2 < kvs.length) {
                out.write(delimiter);
            }
        }
        out.write('\n');
    }

    private static double timeDouble(EventTime t) {
        return (double) t.seconds() + (double) t.nanos() / 1e9;
    }

    /**
     * template_output: {@code {key}} becomes the value (strings raw, others printed); a key that is a prefix of
     * "time" (including the empty key) is the record time as {@code %f}; an unknown key stays as written; a second
     * {@code {} inside braces flushes the first one as text; an unclosed brace is written as is.
     */
    private void template(Event e, ByteSink out) {
        byte[] t = template;
        int inbrace = -1;
        for (int i = 0; i < t.length; i++) {
            byte c = t[i];
            if (c == '{') {
                if (inbrace >= 0) {
                    out.write(t, inbrace, i - inbrace);
                }
                inbrace = i;
            } else if (c == '}' && inbrace >= 0) {
                if (!templateValue(e, t, inbrace + 1, i - inbrace - 1, out)) {
                    out.write(t, inbrace, i - inbrace + 1);
                }
                inbrace = -1;
            } else if (inbrace < 0) {
                out.write(c);
            }
        }
        if (inbrace >= 0) {
            out.write(t, inbrace, t.length - inbrace);
        }
        out.write('\n');
    }

    private static final byte[] TIME = "time".getBytes(StandardCharsets.US_ASCII);

    private boolean templateValue(Event e, byte[] t, int off, int len, ByteSink out) {
        // strncmp(key, "time", size) == 0: the key is a prefix of "time"
        if (len <= TIME.length && ByteBuffer.wrap(t, off, len).equals(ByteBuffer.wrap(TIME, 0, len))) {
            FloatTextEncoder.writeFixed(timeDouble(e.time()), 6, out);
            return true;
        }
        Value[] kvs = e.body().getKeyValueArray();
        ByteBuffer key = ByteBuffer.wrap(t, off, len);
        for (int i = 0; i < kvs.length; i += 2) {
            Value k = kvs[i];
            if (k.isStringValue() && k.asRawValue().asByteBuffer().equals(key)) {
                Value v = kvs[i + 1];
                if (v.isStringValue()) {
                    out.write(v.asRawValue().asByteBuffer());
                } else {
                    MsgpackTextEncoder.encode(v, out);
                }
                return true;
            }
        }
        return false;
    }
}
