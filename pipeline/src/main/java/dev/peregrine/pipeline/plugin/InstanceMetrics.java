package dev.peregrine.pipeline.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one plugin instance, as shown by {@code /api/v1/metrics}. The core keeps the standard ones (records,
 * bytes, proc_records, errors, retries, ...); a plugin may add its own with {@link #counter}.
 */
public final class InstanceMetrics {
    private final String name;
    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();

    public InstanceMetrics(String name, String... standard) {
        this.name = name;
        for (String s : standard) {
            counters.put(s, new AtomicLong());
        }
    }

    public String name() {
        return name;
    }

    public synchronized AtomicLong counter(String key) {
        return counters.computeIfAbsent(key, k -> new AtomicLong());
    }

    /** A snapshot in declaration order. */
    public synchronized Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
