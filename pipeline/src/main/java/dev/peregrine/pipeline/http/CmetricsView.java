package dev.peregrine.pipeline.http;

import dev.peregrine.pipeline.cli.Version;
import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.plugin.InstanceMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The v2 metrics context, as Fluent Bit builds it for {@code /api/v2/metrics} and {@code /api/v2/metrics/prometheus}.
 *
 * <p>Fluent Bit assembles one cmetrics context per request: its own metrics (uptime, start time, build info, hot
 * reloads, labelled by hostname), then the context of every input, filter and output in configuration order. Metrics
 * of the same name from several instances merge into one family, so a family lists one value per instance. Counters
 * come before gauges in both encodings. {@code /api/v2/metrics} is cmetrics' text encoding (one
 * {@code <RFC 3339 ns time> <name>{labels} = <value>} line per value, sent without a content type);
 * {@code /api/v2/metrics/prometheus} is its Prometheus encoding without timestamps. The families and their help texts
 * are those Fluent Bit registers for every instance ({@code flb_input.c}, {@code flb_filter.c}, {@code flb_output.c},
 * {@code flb_metrics.c}).
 */
final class CmetricsView {
    private static final DateTimeFormatter SECONDS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private CmetricsView() {
    }

    enum Type { COUNTER, GAUGE }

    record Value(List<String> labels, double value) {
    }

    record Family(String name, String help, Type type, List<String> labelKeys, List<Value> values) {
    }

    /** One instance-level family: the counter {@code key} of every instance of one kind. */
    private record Spec(String key, String name, String help) {
    }

    private static final List<Spec> INPUT = List.of(
        new Spec("bytes", "fluentbit_input_bytes_total", "Number of input bytes."),
        new Spec("records", "fluentbit_input_records_total", "Number of input records."));
    private static final List<Spec> FILTER = List.of(
        new Spec("records", "fluentbit_filter_records_total", "Total number of new records processed."),
        new Spec("bytes", "fluentbit_filter_bytes_total", "Total number of new bytes processed."),
        new Spec("add_records", "fluentbit_filter_add_records_total", "Total number of new added records."),
        new Spec("drop_records", "fluentbit_filter_drop_records_total", "Total number of dropped records."),
        new Spec("drop_bytes", "fluentbit_filter_drop_bytes_total", "Total number of dropped bytes."));
    private static final List<Spec> OUTPUT = List.of(
        new Spec("proc_records", "fluentbit_output_proc_records_total", "Number of processed output records."),
        new Spec("proc_bytes", "fluentbit_output_proc_bytes_total", "Number of processed output bytes."),
        new Spec("errors", "fluentbit_output_errors_total", "Number of output errors."),
        new Spec("retries", "fluentbit_output_retries_total", "Number of output retries."),
        new Spec("retries_failed", "fluentbit_output_retries_failed_total",
            "Number of abandoned batches because the maximum number of re-tries was reached."),
        new Spec("dropped_records", "fluentbit_output_dropped_records_total", "Number of dropped records."),
        new Spec("retried_records", "fluentbit_output_retried_records_total", "Number of retried records."));

    /** The families in Fluent Bit's order: counters (own, inputs, filters, outputs), then gauges. */
    static List<Family> families(Engine e, long nowMillis, int hotReloads) {
        String host = hostname();
        long startSecs = e.startMillis() / 1000;
        List<Family> counters = new ArrayList<>();
        counters.add(new Family("fluentbit_uptime", "Number of seconds that Fluent Bit has been running.",
            Type.COUNTER, List.of("hostname"),
            List.of(new Value(List.of(host), (nowMillis - e.startMillis()) / 1000))));
        counters.addAll(instances(e.inputs().stream().map(i -> i.metrics()).toList(), INPUT));
        counters.addAll(instances(e.filters().stream().map(f -> f.metrics()).toList(), FILTER));
        counters.addAll(instances(e.outputs().stream().map(o -> o.metrics()).toList(), OUTPUT));
        List<Family> all = new ArrayList<>(counters);
        all.add(new Family("fluentbit_process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.", Type.GAUGE, List.of("hostname"),
            List.of(new Value(List.of(host), startSecs))));
        all.add(new Family("fluentbit_build_info", "Build version information.", Type.GAUGE,
            List.of("hostname", "version", "os"),
            List.of(new Value(List.of(host, Version.FLUENT_BIT, "linux"), startSecs))));
        all.add(new Family("fluentbit_hot_reloaded_times", "Collect the count of hot reloaded times.", Type.GAUGE,
            List.of("hostname"), List.of(new Value(List.of(host), hotReloads))));
        return all;
    }

    private static List<Family> instances(List<InstanceMetrics> metrics, List<Spec> specs) {
        if (metrics.isEmpty()) {
            return List.of();
        }
        List<Map<String, Long>> snapshots = metrics.stream().map(InstanceMetrics::snapshot).toList();
        List<Family> out = new ArrayList<>(specs.size());
        for (Spec s : specs) {
            List<Value> values = new ArrayList<>(metrics.size());
            for (int i = 0; i < metrics.size(); i++) {
                Long v = snapshots.get(i).get(s.key);
                values.add(new Value(List.of(metrics.get(i).name()), v == null ? 0 : v));
            }
            out.add(new Family(s.name, s.help, Type.COUNTER, List.of("name"), values));
        }
        return out;
    }

    /** cmetrics' text encoding: {@code 2026-01-02T03:04:05.123456789Z fluentbit_uptime{hostname="h"} = 8}. */
    static String text(List<Family> families, long nowNanos) {
        String ts = SECONDS.format(Instant.ofEpochSecond(nowNanos / 1_000_000_000L))
            + String.format(".%09dZ ", nowNanos % 1_000_000_000L);
        StringBuilder b = new StringBuilder();
        for (Family f : families) {
            for (Value v : f.values) {
                b.append(ts).append(f.name);
                labels(b, f.labelKeys, v.labels, false);
                b.append(" = ").append(number(v.value)).append('\n');
            }
        }
        return b.toString();
    }

    /** cmetrics' Prometheus encoding without timestamps: HELP and TYPE once per family, label values escaped. */
    static String prometheus(List<Family> families) {
        StringBuilder b = new StringBuilder();
        for (Family f : families) {
            if (f.values.isEmpty()) {
                continue;
            }
            b.append("# HELP ").append(f.name).append(' ').append(escape(f.help, false)).append('\n');
            b.append("# TYPE ").append(f.name).append(f.type == Type.COUNTER ? " counter\n" : " gauge\n");
            for (Value v : f.values) {
                b.append(f.name);
                labels(b, f.labelKeys, v.labels, true);
                b.append(' ').append(number(v.value)).append('\n');
            }
        }
        return b.toString();
    }

    private static void labels(StringBuilder b, List<String> keys, List<String> values, boolean escape) {
        if (values.isEmpty()) {
            return;
        }
        b.append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(keys.get(i)).append("=\"").append(escape ? escape(values.get(i), true) : values.get(i))
                .append('"');
        }
        b.append('}');
    }

    /** Prometheus escaping as cmetrics does it: backslash and newline always, the double quote in label values. */
    private static String escape(String s, boolean quote) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '"' -> b.append(quote ? "\\\"" : "\"");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** C's {@code %.17g} for the values cmetrics holds: integral values print without a fraction. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e17) {
            return Long.toString((long) v);
        }
        String s = String.format("%.17g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** The kernel's host name, as {@code gethostname(2)} returns it ({@code unknown} when it cannot be read). */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
