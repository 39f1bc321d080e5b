package dev.peregrine.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-process load: the real agent (dist/target/peregrine.jar) runs {@code dummy} at a high rate through a grep
 * filter to {@code null}; this driver reads the agent's own counters (/api/v1/metrics) and its CPU time and peak RSS
 * from /proc, and prints records/s, records per CPU-second and peak RSS.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.PipelineLoad [seconds] [copies]}
 */
public final class PipelineLoad {
    private PipelineLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("peregrine-load");
        Path conf = dir.resolve("load.conf");
        Files.writeString(conf, "[SERVICE]\n    Flush 1\n    Log_Level warn\n    HTTP_Server On\n"
            + "    HTTP_Listen 127.0.0.1\n    HTTP_Port " + port + "\n\n[INPUT]\n    Name dummy\n    Tag load\n"
            + "    Rate 1000\n    Copies " + copies + "\n    Mem_Buf_Limit 64M\n"
            + "    Dummy {\"log\":\"2026-11-28T01:00:00.000Z INFO request handled path=/api/v1/items/42 status=200 "
            + "duration_ms=12\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":\"web-7d9c\","
            + "\"namespace_name\":\"shop\"}}\n\n[FILTER]\n    Name grep\n    Match *\n    Exclude log ^DEBUG\n\n"
            + "[OUTPUT]\n    Name null\n    Match *\n");
        String jar = Path.of("dist/target/peregrine.jar").toAbsolutePath().toString();
        Process p = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx512m", "-jar", jar, "-c", conf.toString())
            .inheritIO().start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            waitUp(http, port);
            Thread.sleep(5000); // warm-up: JIT and steady buffers
            long r0 = records(http, port);
            double c0 = ProcessStats.cpuSeconds(p.pid());
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long r1 = records(http, port);
            double c1 = ProcessStats.cpuSeconds(p.pid());
            double wall = (System.nanoTime() - t0) / 1e9;
            double rate = (r1 - r0) / wall;
            double perCpu = (r1 - r0) / (c1 - c0);
            System.out.printf("dummy(Copies=%d) -> grep -> null, %ds: %.0f records/s, %.0f records per CPU-second "
                + "(%.2f cores), peak RSS %.0f MB%n", copies, seconds, rate, perCpu, (c1 - c0) / wall,
                ProcessStats.peakRssMb(p.pid()));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static void waitUp(HttpClient http, int port) throws Exception {
        for (int i = 0; i < 200; i++) {
            try {
                records(http, port);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("agent did not start");
    }

    /** Records the null output has processed (proc_records), from the agent's v1 metrics. */
    private static long records(HttpClient http, int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"proc_records\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no proc_records in " + body);
        }
        return Long.parseLong(m.group(1));
    }
}
