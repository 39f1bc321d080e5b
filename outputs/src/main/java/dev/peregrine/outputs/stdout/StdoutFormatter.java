package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.json.JsonFormat;
import dev.peregrine.pipeline.json.JsonRecordEncoder;
import dev.peregrine.pipeline.json.MsgpackTextEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes out_stdout writes for one chunk (cb_stdout_flush). Default format: one
 * {@code [N] tag: [[sec.nsec, meta], body]} line per record, N counting from 0 in each chunk. JSON formats: the
 * text of flb_pack_msgpack_to_json_format, plus a {@code \n} for json and json_stream.
 */
public final class StdoutFormatter {
    private final StdoutOptions options;
    private final JsonRecordEncoder records;

    public StdoutFormatter(StdoutOptions options, boolean escapeUnicode, boolean nanToNull) {
        this.options = options;
        this.records = options.format() == JsonFormat.MSGPACK ? null
                : new JsonRecordEncoder(options.format(), options.dateFormat(), options.dateKey(),
                new JsonEncoder(escapeUnicode, nanToNull));
    }

    public void format(Chunk chunk, ByteSink out) {
        format(chunk.tag(), chunk.events(), out);
    }

    public void format(String tag, List<Event> events, ByteSink out) {
        if (records == null) {
            byte[] t = tag.getBytes(StandardCharsets.UTF_8);
            long n = 0;
            for (Event e : events) {
                MsgpackTextEncoder.encodeStdoutRecord(n++, t, e, out);
            }
            return;
        }
        records.encodeChunk(events, out);
        if (options.format() != JsonFormat.JSON_LINES) {
            out.write('\n');
        }
    }
}
