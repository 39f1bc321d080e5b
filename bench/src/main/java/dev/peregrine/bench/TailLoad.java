package dev.peregrine.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whole-process load for the tail input: writes a file of N lines (about 200 bytes each) in three flavours (plain
 * text, JSON read with Parser json, Docker json-file read with multiline.parser docker), runs the real agent
 * (dist/target/peregrine.jar, started by bin/peregrine with its JVM flags, as users start it) with {@code tail}
 * (Read_From_Head, Exit_On_Eof) to {@code null} on each, and prints lines/s, lines per CPU-second and peak RSS. CPU
 * and RSS are sampled from /proc until the agent exits; the CPU of a run on an empty file (JVM start and stop) is
 * also shown. Each figure is the median of {@code rounds} runs, each run's figure beside it: this machine's speed
 * drifts between minutes. Given several builds (jars), the rounds alternate them, to compare builds in one sitting.
 * Run it from the repository root.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.TailLoad [lines [rounds [jar...]]]}
 * (defaults: 1000000, 3, dist/target/peregrine.jar or PEREGRINE_JAR; JVM flags: bin/peregrine's, or
 * PEREGRINE_JAVA_OPTS)
 */
public final class TailLoad {
    private static final String PAD = "x".repeat(64);

    private TailLoad() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> jars = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            jars.add(Path.of(args[i]).toAbsolutePath().toString());
        }
        if (jars.isEmpty()) {
            jars.add(System.getenv().getOrDefault("PEREGRINE_JAR",
                Path.of("dist/target/peregrine.jar").toAbsolutePath().toString()));
        }
        Path dir = Files.createTempDirectory("peregrine-tailload");
        Files.writeString(dir.resolve("parsers.conf"), "[PARSER]\n    Name   json\n    Format json\n"
            + "    Time_Key time\n    Time_Format %d/%b/%Y:%H:%M:%S %z\n");
        Path emptyLog = write(dir.resolve("empty.log"), 0, Flavour.PLAIN);
        for (String jar : jars) {
            // untimed: a build's first runs record its class-data archive and move it into place (bin/peregrine)
            run(dir, "empty", emptyLog, "", jar);
            run(dir, "empty", emptyLog, "", jar);
        }
        System.out.printf(Locale.ROOT, "%d line(s) per file, %d round(s); in each round every build runs once, in turn"
            + "%n", lines, rounds);
        for (int j = 0; j < jars.size(); j++) {
            System.out.printf(Locale.ROOT, "  build %d: %s%n", j + 1, jars.get(j));
        }
        List<List<Run>> empties = runs(dir, "empty", emptyLog, "", jars, rounds);
        for (int j = 0; j < jars.size(); j++) {
            System.out.printf(Locale.ROOT, "build %d start+stop on an empty file: %s CPU-s, %s s%n", j + 1,
                figures(empties.get(j), r -> r.cpu, "%.2f"), figures(empties.get(j), r -> r.wall, "%.2f"));
        }
        for (Flavour f : Flavour.values()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            Path file = write(dir.resolve(name + ".log"), lines, f);
            List<List<Run>> all = runs(dir, name, file, f.options, jars, rounds);
            for (int j = 0; j < jars.size(); j++) {
                List<Run> rs = all.get(j);
                System.out.printf(Locale.ROOT, "%-7s build %d (%.0f MB): lines per CPU-second %s; lines/s %s; "
                        + "peak RSS MB %s%n", name, j + 1, Files.size(file) / 1e6,
                    figures(rs, r -> lines / r.cpu, "%.0f"), figures(rs, r -> lines / r.wall, "%.0f"),
                    figures(rs, r -> r.rssMb, "%.0f"));
            }
            Files.delete(file);
        }
    }

    /** {@code rounds} runs of each build, alternated: drifting machine speed hits every build alike. */
    private static List<List<Run>> runs(Path dir, String name, Path file, String options, List<String> jars,
                                        int rounds) throws Exception {
        List<List<Run>> all = new ArrayList<>();
        for (int j = 0; j < jars.size(); j++) {
            all.add(new ArrayList<>());
        }
        for (int i = 0; i < rounds; i++) {
            for (int j = 0; j < jars.size(); j++) {
                all.get(j).add(run(dir, name, file, options, jars.get(j)));
            }
        }
        return all;
    }

    /** "median (run1 run2 ...)" of one figure of the runs, in run order. */
    private static String figures(List<Run> runs, ToDoubleFunction<Run> figure, String format) {
        double[] v = runs.stream().mapToDouble(figure).toArray();
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        StringBuilder b = new StringBuilder("median ").append(String.format(Locale.ROOT, format, median))
            .append(" (");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, format, v[i]));
        }
        return b.append(')').toString();
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
            for (int i = 0; i < lines; i++) {
                w.write(line(i, f));
                w.write('\n');
            }
        }
        return file;
    }

    /** Line {@code i} of a file of this flavour, without its newline. */
    static String line(int i, Flavour f) {
        StringBuilder b = new StringBuilder(256);
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
        return b.toString();
    }

    record Run(double wall, double cpu, double rssMb) {
    }

    private static Run run(Path dir, String name, Path file, String options, String jar) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "[SERVICE]\n    Flush 1\n    Grace 1\n    Log_Level warn\n    Parsers_File "
            + dir.resolve("parsers.conf") + "\n\n[INPUT]\n    Name tail\n    Path " + file
            + "\n    Read_From_Head On\n    Exit_On_Eof On\n" + options
            + "\n[OUTPUT]\n    Name null\n    Match *\n");
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
