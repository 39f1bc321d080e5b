package dev.peregrine.pipeline.http;

import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.engine.FilterInstance;
import dev.peregrine.pipeline.engine.InputInstance;
import dev.peregrine.pipeline.engine.OutputInstance;

import java.util.List;
import java.util.Map;

/** Renders the engine's counters in Fluent Bit's shapes: v1 JSON, v1 Prometheus text, storage and plugins. */
final class MetricsView {
    private MetricsView() {
    }

    static String v1Json(Engine e) {
        StringBuilder b = new StringBuilder("{\"input\":{");
        boolean first = true;
        for (InputInstance i : e.inputs()) {
            first = member(b, first, i.name(), i.metrics().snapshot());
        }
        b.append("},\"filter\":{");
        first = true;
        for (FilterInstance f : e.filters()) {
            first = member(b, first, f.name(), f.metrics().snapshot());
        }
        b.append("},\"output\":{");
        first = true;
        for (OutputInstance o : e.outputs()) {
            first = member(b, first, o.name(), o.metrics().snapshot());
        }
        return b.append("}}").toString();
    }

    private static boolean member(StringBuilder b, boolean first, String name, Map<String, Long> m) {
        if (!first) {
            b.append(',');
        }
        b.append('"').append(escape(name)).append("\":{");
        boolean f = true;
        for (Map.Entry<String, Long> en : m.entrySet()) {
            if (!f) {
                b.append(',');
            }
            f = false;
            b.append('"').append(escape(en.getKey())).append("\":").append(en.getValue());
        }
        b.append('}');
        return false;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Prometheus names as Fluent Bit: fluentbit_&lt;kind&gt;_&lt;counter&gt;_total{name="..."} (bytes too). */
    static String prometheus(Engine e) {
        StringBuilder b = new StringBuilder();
        long ts = System.currentTimeMillis();
        long uptime = (ts - e.startMillis()) / 1000;
        b.append("# HELP fluentbit_uptime Number of seconds that Fluent Bit has been running.\n");
        b.append("# TYPE fluentbit_uptime counter\n");
        b.append("fluentbit_uptime ").append(uptime).append('\n');
        family(b, e.inputs().stream().map(i -> new Row(i.name(), i.metrics().snapshot())).toList(), "input",
            List.of("bytes", "records"), ts);
        family(b, e.filters().stream().map(f -> new Row(f.name(), f.metrics().snapshot())).toList(), "filter",
            List.of("add_records", "drop_records", "records", "bytes", "drop_bytes"), ts);
        family(b, e.outputs().stream().map(o -> new Row(o.name(), o.metrics().snapshot())).toList(), "output",
            List.of("errors", "proc_bytes", "proc_records", "retried_records", "retries", "retries_failed",
                "dropped_records"), ts);
        b.append(storagePrometheus(e)); // storage: only with storage.path set and storage.metrics on
        return b.toString();
    }

    private record Row(String name, Map<String, Long> values) {
    }

    private static void family(StringBuilder b, List<Row> rows, String kind, List<String> keys, long ts) {
        if (rows.isEmpty()) {
            return;
        }
        for (String k : keys) {
            String metric = "fluentbit_" + kind + "_" + k + "_total";
            b.append("# HELP ").append(metric).append(" Number of ").append(kind).append(' ')
                .append(k.replace('_', ' ')).append(".\n");
            b.append("# TYPE ").append(metric).append(" counter\n");
            for (Row r : rows) {
                Long v = r.values.get(k);
                b.append(metric).append("{name=\"").append(r.name).append("\"} ").append(v == null ? 0 : v)
                    .append(' ').append(ts).append('\n');
            }
        }
    }

    /** Chunk gauges of one input, as /api/v1/storage and the fluentbit_input_storage_* metrics show them. */
    private record InputChunks(int total, int up, int down, int busy, long busySize, boolean fs) {
        static InputChunks of(Engine e, InputInstance i) {
            int live = i.chunkCount();
            int liveDown = i.downChunkCount();
            int up = Math.max(0, live - liveDown);
            // busy: handed to outputs (a down chunk waiting for a retry is busy too); busy_size counts memory only.
            int busy = Math.max(0, live - i.pendingChunkCount());
            long busySize = up == 0 ? 0 : i.bufferedBytes() * Math.max(0, busy - liveDown) / up;
            boolean fs = i.store() != null;
            // Chunks in memory are "up"; chunks put down by storage.max_chunks_up and recovered files not loaded
            // yet (storage.backlog.mem_limit) are "down".
            int backlogDown = fs ? e.backlog().size(i) : 0;
            return new InputChunks(live + backlogDown, up, liveDown + backlogDown, busy, busySize, fs);
        }
    }

    static String storageJson(Engine e) {
        int total = 0;
        int mem = 0;
        int fs = 0;
        int fsUp = 0;
        int fsDown = 0;
        StringBuilder in = new StringBuilder();
        boolean first = true;
        for (InputInstance i : e.inputs()) {
            InputChunks c = InputChunks.of(e, i);
            total += c.total;
            if (c.fs) {
                fs += c.total;
                fsUp += c.up;
                fsDown += c.down;
            } else {
                mem += c.total;
            }
            if (!first) {
                in.append(',');
            }
            first = false;
            in.append('"').append(escape(i.name())).append("\":{\"status\":{\"overlimit\":").append(i.paused())
                .append(",\"mem_size\":\"").append(human(i.bufferedBytes())).append("\",\"mem_limit\":\"")
                .append(human(i.memBufLimit())).append("\"},\"chunks\":{\"total\":").append(c.total)
                .append(",\"up\":").append(c.up).append(",\"down\":").append(c.down).append(",\"busy\":")
                .append(c.busy).append(",\"busy_size\":\"").append(human(c.busySize)).append("\"}}");
        }
        return "{\"storage_layer\":{\"chunks\":{\"total_chunks\":" + total + ",\"mem_chunks\":" + mem
            + ",\"fs_chunks\":" + fs + ",\"fs_chunks_up\":" + fsUp + ",\"fs_chunks_down\":" + fsDown
            + "}},\"input_chunks\":{" + in + "}}";
    }

    /**
     * Storage metrics in Prometheus text, as Fluent Bit's storage metrics (storage.metrics on): the storage layer
     * gauges, the per-input chunk gauges, and Peregrine's storage counters (recovery and drops) as
     * fluentbit_storage_&lt;counter&gt;_total.
     */
    static String storagePrometheus(Engine e) {
        if (e.storageOptions() == null || !e.storageOptions().metrics()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        long ts = System.currentTimeMillis();
        int total = 0;
        int mem = 0;
        int fs = 0;
        int fsUp = 0;
        int fsDown = 0;
        List<Map.Entry<InputInstance, InputChunks>> rows = new java.util.ArrayList<>();
        for (InputInstance i : e.inputs()) {
            InputChunks c = InputChunks.of(e, i);
            rows.add(Map.entry(i, c));
            total += c.total;
            if (c.fs) {
                fs += c.total;
                fsUp += c.up;
                fsDown += c.down;
            } else {
                mem += c.total;
            }
        }
        gauge(b, "fluentbit_storage_chunks", "Total number of chunks in the storage layer.", total, ts);
        gauge(b, "fluentbit_storage_mem_chunks", "Total number of memory chunks.", mem, ts);
        gauge(b, "fluentbit_storage_fs_chunks", "Total number of filesystem chunks.", fs, ts);
        gauge(b, "fluentbit_storage_fs_chunks_up", "Total number of filesystem chunks up in memory.", fsUp, ts);
        gauge(b, "fluentbit_storage_fs_chunks_down", "Total number of filesystem chunks down.", fsDown, ts);
        inputGauge(b, rows, "fluentbit_input_storage_overlimit", "Is the input memory usage overlimit ?",
            c -> c.getKey().paused() ? 1 : 0, ts);
        inputGauge(b, rows, "fluentbit_input_storage_memory_bytes", "Memory bytes used by the chunks.",
            c -> c.getKey().bufferedBytes(), ts);
        inputGauge(b, rows, "fluentbit_input_storage_chunks", "Total number of chunks.", c -> c.getValue().total, ts);
        inputGauge(b, rows, "fluentbit_input_storage_chunks_up", "Total number of chunks up in memory.",
            c -> c.getValue().up, ts);
        inputGauge(b, rows, "fluentbit_input_storage_chunks_down", "Total number of chunks down.",
            c -> c.getValue().down, ts);
        inputGauge(b, rows, "fluentbit_input_storage_chunks_busy", "Total number of chunks in a busy state.",
            c -> c.getValue().busy, ts);
        inputGauge(b, rows, "fluentbit_input_storage_chunks_busy_bytes", "Total number of bytes used by chunks in a "
            + "busy state.", c -> c.getValue().busySize, ts);
        for (Map.Entry<String, Long> m : e.storageMetrics().snapshot().entrySet()) {
            String name = "fluentbit_storage_" + m.getKey() + "_total";
            b.append("# HELP ").append(name).append(" Number of ").append(m.getKey().replace('_', ' '))
                .append(".\n# TYPE ").append(name).append(" counter\n").append(name).append(' ')
                .append(m.getValue()).append(' ').append(ts).append('\n');
        }
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, long v, long ts) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
            .append(" gauge\n").append(name).append(' ').append(v).append(' ').append(ts).append('\n');
    }

    private static void inputGauge(StringBuilder b, List<Map.Entry<InputInstance, InputChunks>> rows, String name,
                                   String help, java.util.function.ToLongFunction<Map.Entry<InputInstance,
                                   InputChunks>> f, long ts) {
        if (rows.isEmpty()) {
            return;
        }
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
        for (Map.Entry<InputInstance, InputChunks> r : rows) {
            b.append(name).append("{name=\"").append(r.getKey().name()).append("\"} ").append(f.applyAsLong(r))
                .append(' ').append(ts).append('\n');
        }
    }

    /** Fluent Bit's human-readable sizes: 0b, 1.5K, 20.0M. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "b";
        }
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", v, units[u]);
    }

    static String pluginsJson(Engine e) {
        StringBuilder b = new StringBuilder("{\"plugins\":{\"inputs\":[");
        b.append(String.join(",", e.inputs().stream().map(i -> "\"" + escape(i.pluginName()) + "\"").distinct()
            .toList()));
        b.append("],\"filters\":[");
        b.append(String.join(",", e.filters().stream().map(f -> "\"" + escape(f.pluginName()) + "\"").distinct()
            .toList()));
        b.append("],\"outputs\":[");
        b.append(String.join(",", e.outputs().stream().map(o -> "\"" + escape(o.pluginName()) + "\"").distinct()
            .toList()));
        return b.append("]}}").toString();
    }
}
