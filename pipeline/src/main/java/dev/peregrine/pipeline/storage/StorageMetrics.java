package dev.peregrine.pipeline.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agent-wide storage counters, beside the per-input chunk gauges the HTTP view computes: what recovery found and
 * what the limits dropped, so that a loss is always visible in /api/v1/storage and Prometheus.
 */
public final class StorageMetrics {
    /** Chunk files replayed at start-up. */
    public static final String RECOVERED_CHUNKS = "recovered_chunks";
    /** Records in those files. */
    public static final String RECOVERED_RECORDS = "recovered_records";
    /** Files whose tail was truncated or corrupt (the intact prefix was replayed). */
    public static final String DAMAGED_CHUNKS = "damaged_chunks";
    /** Files that could not be read at all (skipped, deleted or moved to storage.rejected.path). */
    public static final String IRRECOVERABLE_CHUNKS = "irrecoverable_chunks";
    /** Chunks dropped for an output over its storage.total_limit_size. */
    public static final String DROPPED_CHUNKS = "dropped_chunks";
    /** Bytes of those chunks. */
    public static final String DROPPED_BYTES = "dropped_bytes";
    /** Chunks dropped by memrb inputs over Mem_Buf_Limit. */
    public static final String MEMRB_DROPPED_CHUNKS = "memrb_dropped_chunks";
    /** Bytes of those chunks. */
    public static final String MEMRB_DROPPED_BYTES = "memrb_dropped_bytes";
    /** Appends that could not be written (the records stayed in memory, not acknowledged as durable). */
    public static final String WRITE_ERRORS = "write_errors";

    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();

    public StorageMetrics() {
        for (String k : new String[] {RECOVERED_CHUNKS, RECOVERED_RECORDS, DAMAGED_CHUNKS, IRRECOVERABLE_CHUNKS,
            DROPPED_CHUNKS, DROPPED_BYTES, MEMRB_DROPPED_CHUNKS, MEMRB_DROPPED_BYTES, WRITE_ERRORS}) {
            counters.put(k, new AtomicLong());
        }
    }

    public AtomicLong counter(String key) {
        AtomicLong c = counters.get(key);
        if (c == null) {
            throw new IllegalArgumentException("unknown storage counter: " + key);
        }
        return c;
    }

    public long get(String key) {
        return counter(key).get();
    }

    /** Every counter, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
