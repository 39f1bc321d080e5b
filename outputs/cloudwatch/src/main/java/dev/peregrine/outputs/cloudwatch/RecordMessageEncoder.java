package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.log.Log;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A record's CloudWatch message(s), as out_cloudwatch_logs builds them:
 * <ul>
 *   <li>by default the whole record as JSON ({@code flb_msgpack_to_json}: {@link JsonEncoder});</li>
 *   <li>with {@code log_key}, the value of every key that {@code log_key} starts with (Fluent Bit compares with
 *   {@code strncmp(log_key, key, key_len)}, so a key {@code l} matches {@code log_key log}, and each matching key
 *   adds an event): a string as is, anything else as JSON; a record with no such key logs
 *   {@code Could not find log_key '...' in record} and sends nothing;</li>
 *   <li>with {@code log_format json/emf} and {@code emf_falco_alerts}, Falco alerts as EMF documents
 *   ({@link FalcoEmfEncoder}).</li>
 * </ul>
 * Empty messages ({@code ""} and {@code {}}, 2 bytes or less of JSON) are discarded, as Fluent Bit does. Messages
 * over {@link LogEventBatcher#MAX_MESSAGE_BYTES} are truncated with Fluent Bit's warning.
 */
final class RecordMessageEncoder {
    private final JsonEncoder json;
    private final byte[] logKey;
    private final String logKeyText;
    private final FalcoEmfEncoder emf;
    private final Log log;

    RecordMessageEncoder(JsonEncoder json, String logKey, FalcoEmfEncoder emf, Log log) {
        this.json = json;
        this.logKeyText = logKey;
        this.logKey = logKey == null ? null : logKey.getBytes(StandardCharsets.UTF_8);
        this.emf = emf;
        this.log = log;
    }

    /** Appends the messages of {@code e} to {@code out}; {@code sink} is scratch space reused across calls. */
    void encode(Event e, long timestampMillis, ByteSink sink, List<String> out) {
        MapValue body = e.body();
        if (logKey != null) {
            boolean found = false;
            Value[] kvs = body.getKeyValueArray();
            for (int i = 0; i < kvs.length; i += 2) {
                Value k = kvs[i];
                if (!(k.isStringValue() || k.isBinaryValue()) || !prefixOfLogKey(k.asRawValue().asByteArray())) {
                    continue;
                }
                found = true;
                Value v = kvs[i + 1];
                if (v.isStringValue()) {
                    String s = v.asStringValue().asString();
                    if (!s.isEmpty()) {
                        out.add(limit(s, LogEventBatcher.utf8Length(s)));
                    }
                } else {
                    addJson(v, sink, out);
                }
            }
            if (!found) {
                log.error("Could not find log_key '" + logKeyText + "' in record");
            }
            return;
        }
        if (emf != null) {
            MapValue doc = emf.toEmf(body, timestampMillis);
            if (doc != null) {
                body = doc;
            }
        }
        addJson(body, sink, out);
    }

    private void addJson(Value v, ByteSink sink, List<String> out) {
        sink.reset();
        json.encode(v, sink);
        int n = sink.size();
        if (n <= 2) {
            return;
        }
        // JsonEncoder writes valid UTF-8 (invalid input bytes are replaced), so the byte count is the UTF-8 size.
        String s = new String(sink.array(), 0, n, StandardCharsets.UTF_8);
        out.add(limit(s, n));
    }

    private String limit(String s, int bytes) {
        if (bytes <= LogEventBatcher.MAX_MESSAGE_BYTES) {
            return s;
        }
        log.warn("[size=" + bytes + "] Truncating event which is larger than max size allowed by CloudWatch");
        return LogEventBatcher.truncate(s, LogEventBatcher.MAX_MESSAGE_BYTES);
    }

    private boolean prefixOfLogKey(byte[] key) {
        if (key.length > logKey.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != logKey[i]) {
                return false;
            }
        }
        return true;
    }
}
