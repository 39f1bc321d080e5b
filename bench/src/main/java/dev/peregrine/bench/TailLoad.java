package dev.peregrine.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whole-process load for the tail input: writes a file of N lines (about 200 bytes each) in three flavours (plain
 * text, JSON read with Parser json, Docker json-file read with multiline.parser docker), runs the real agent
 * (dist/target/peregrine.jar, started by bin/peregrine with its JVM flags, as users start it) with {@code tail}
 * (Read_From_Head, Exit_On_Eof) to {@code null} on each, and prints lines/s, lines per CPU-second and peak RSS. CPU
 * and RSS are sampled from /proc until the agent exits; the time of a run on an empty file (JVM start and stop) is
 * also shown, and subtracted for the "net" rate. Run it from the repository root.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.TailLoad [lines]} (JVM flags:
 * bin/peregrine's, or PEREGRINE_JAVA_OPTS; another build: PEREGRINE_JAR)
 */
public final class TailLoad {
    private static final String PAD = "x".repeat(64);

    private TailLoad() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("peregrine-tailload");
        Files.writeString(dir.resolve("parsers.conf"), "[PARSER]\n    Name   json\n    Format json\n"
            + "    Time_Key time\n    Time_Format %d/%b/%Y:%H:%M:%S %z\n");
        Run empty = run(dir, "empty", write(dir.resolve("empty.log"), 0, Flavour.PLAIN), "");
        System.out.printf(Locale.ROOT, "agent start+stop on an empty file: %.2f s%n", empty.wall);
        for (Flavour f : Flavour.values()) {
            Path file = write(dir.resolve(f.name().toLowerCase(Locale.ROOT) + ".log"), lines, f);
            Run r = run(dir, f.name().toLowerCase(Locale.ROOT), file, f.options);
            double net = r.wall - empty.wall;
            // the JVM's start and stop dominate short runs: the net figure means little under half a second
            String netRate = net < 0.5 ? "n/a" : String.format(Locale.ROOT, "%.0f", lines / net);
            System.out.printf(Locale.ROOT, "%-7s %d lines (%.0f MB): %.2f s, %.0f lines/s (net of start/stop: "
                    + "%s lines/s), %.0f lines per CPU-second (%.2f cores), peak RSS %.0f MB%n",
                f.name().toLowerCase(Locale.ROOT), lines, Files.size(file) / 1e6, r.wall, lines / r.wall,
                netRate, lines / r.cpu, r.cpu / r.wall, r.rssMb);
            Files.delete(file);
        }
    }

    enum Flavour {
        PLAIN(""),
        JSON("    Parser json\n"),
        DOCKER("    multiline.parser docker\n");

        final String options;

        Flavour(String options) {
            this.options = options;
        }
    }

    private static Path write(Path file, int lines, Flavour f) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder b = new StringBuilder(256);
            for (int i = 0; i < lines; i++) {
                b.setLength(0);
                int ms = i % 1000;
                String msg = String.format(Locale.ROOT, "request handled path=/api/v1/items/%d status=200 "
                    + "duration_ms=%d user=user%d trace=%016x", i % 9973, i % 97, i % 31, i * 2654435761L);
                switch (f) {
                    case PLAIN -> b.append(String.format(Locale.ROOT, "2026-11-28T01:%02d:%02d.%03dZ INFO [worker-%d] ",
                        (i / 60000) % 60, (i / 1000) % 60, ms, i % 8)).append(msg)
                        .append(" padding=").append(PAD, 0, 38);
                    case JSON -> b.append(String.format(Locale.ROOT, "{\"time\":\"28/Nov/2026:01:%02d:%02d +0000\","
                        + "\"level\":\"info\",\"worker\":%d,\"msg\":\"%s\",\"status\":200,\"pad\":\"%s\"}", (i / 60000) % 60,
                        (i / 1000) % 60, i % 8, msg, PAD.substring(0, 8)));
                    case DOCKER -> b.append("{\"log\":\"INFO [worker-").append(i % 8).append("] ").append(msg)
                        .append(' ').append(PAD, 0, 14)
                        .append("\\n\",\"stream\":\"stdout\",\"time\":\"")
                        .append(String.format(Locale.ROOT, "2026-11-28T01:%02d:%02d.%03d456789Z",
                            (i / 60000) % 60, (i / 1000) % 60, ms)).append("\"}");
                }
                b.append('\n');
                w.write(b.toString());
            }
        }
        return file;
    }

    record Run(double wall, double cpu, double rssMb) {
    }

    private static Run run(Path dir, String name, Path file, String options) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "[SERVICE]\n    Flush 1\n    Grace 1\n    Log_Level warn\n    Parsers_File "
            + dir.resolve("parsers.conf") + "\n\n[INPUT]\n    Name tail\n    Path " + file
            + "\n    Read_From_Head On\n    Exit_On_Eof On\n" + options
            + "\n[OUTPUT]\n    Name null\n    Match *\n");
        // PEREGRINE_JAR picks another build (e.g. to compare before/after in one session)
        String jar = System.getenv().getOrDefault("PEREGRINE_JAR",
            Path.of("dist/target/peregrine.jar").toAbsolutePath().toString());
        long t0 = System.nanoTime();
        // the launcher users run (its JVM flags, or PEREGRINE_JAVA_OPTS when set); it execs java: the pid is the JVM's
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("bin/peregrine").toAbsolutePath().toString(), "-c",
            conf.toString()).inheritIO();
        pb.environment().put("PEREGRINE_JAR", jar);
        Process p = pb.start();
        double cpu = 0;
        double rss = 0;
        while (p.isAlive()) {
            try {
                cpu = ProcessStats.cpuSeconds(p.pid());
                rss = Math.max(rss, ProcessStats.peakRssMb(p.pid()));
            } catch (IOException | RuntimeException e) {
                break; // exited between the check and the read
            }
            Thread.sleep(10);
        }
        int rc = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException(name + ": agent exited with " + rc);
        }
        return new Run(wall, cpu, rss);
    }
}
