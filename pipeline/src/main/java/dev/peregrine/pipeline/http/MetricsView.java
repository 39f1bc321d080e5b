package dev.peregrine.pipeline.http;

import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.engine.FilterInstance;
import dev.peregrine.pipeline.engine.InputInstance;
import dev.peregrine.pipeline.engine.OutputInstance;

import java.util.List;
import java.util.Map;

/** Renders the engine's counters in Fluent Bit's shapes: v1 JSON, Prometheus text, v2 JSON, storage and plugins. */
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

    /** The v2 (cmetrics) JSON: one entry per metric with its label values. */
    static String v2Json(Engine e) {
        StringBuilder b = new StringBuilder("{\"meta\":{\"cmetrics\":{},\"external\":{},\"processing\":{}},"
            + "\"metrics\":[");
        long ts = System.currentTimeMillis() * 1_000_000L;
        boolean first = true;
        first = v2Family(b, first, "input", e.inputs().stream().map(i -> new Row(i.name(), i.metrics().snapshot()))
            .toList(), ts);
        first = v2Family(b, first, "filter", e.filters().stream().map(f -> new Row(f.name(), f.metrics().snapshot()))
            .toList(), ts);
        v2Family(b, first, "output", e.outputs().stream().map(o -> new Row(o.name(), o.metrics().snapshot()))
            .toList(), ts);
        return b.append("]}").toString();
    }

    private static boolean v2Family(StringBuilder b, boolean first, String kind, List<Row> rows, long ts) {
        if (rows.isEmpty()) {
            return first;
        }
        for (String k : rows.get(0).values.keySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append("{\"meta\":{\"ver\":2,\"type\":\"counter\",\"opts\":{\"ns\":\"fluentbit\",\"ss\":\"")
                .append(kind).append("\",\"name\":\"").append(k).append("_total\",\"desc\":\"Number of ")
                .append(k.replace('_', ' ')).append(".\"},\"labels\":[\"name\"],\"aggregation_type\":2},"
                    + "\"values\":[");
            boolean f = true;
            for (Row r : rows) {
                if (!f) {
                    b.append(',');
                }
                f = false;
                Long v = r.values.get(k);
                b.append("{\"ts\":").append(ts).append(",\"value\":").append(v == null ? 0 : v)
                    .append(",\"labels\":[\"").append(escape(r.name)).append("\"]}");
            }
            b.append("]}");
        }
        return first;
    }

    static String storageJson(Engine e) {
        StringBuilder b = new StringBuilder("{\"storage_layer\":{\"chunks\":{\"total_chunks\":" + e.inflightChunks()
            + ",\"mem_chunks\":" + e.inflightChunks()
            + ",\"fs_chunks\":0,\"fs_chunks_up\":0,\"fs_chunks_down\":0}},\"input_chunks\":{");
        boolean first = true;
        for (InputInstance i : e.inputs()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append('"').append(escape(i.name())).append("\":{\"status\":{\"overlimit\":").append(i.paused())
                .append(",\"mem_size\":\"").append(human(i.bufferedBytes())).append("\",\"mem_limit\":\"")
                .append(human(i.memBufLimit())).append("\"},\"chunks\":{\"total\":0,\"up\":0,\"down\":0,"
                    + "\"busy\":0,\"busy_size\":\"0b\"}}");
        }
        return b.append("}}").toString();
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
