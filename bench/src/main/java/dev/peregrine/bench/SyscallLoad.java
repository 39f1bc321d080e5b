package dev.peregrine.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the {@code syscall} input: syscall-heavy workloads run without and then with the real agent
 * ({@code dist/target/peregrine.jar}, {@code syscall -> null}). Reports per workload: operations/s without and
 * with the agent (slowdown ratio), events/s the agent decoded, kernel-side drops, agent CPU (cores and events per
 * CPU-second) and peak RSS.
 *
 * <p>The workloads are a small C program compiled here with the host's cc, so the loop costs the syscalls and
 * nothing else (a JVM loop would hide the probe cost in its own overhead):
 * <ul>
 *   <li>{@code openat}: openat + close of one file, in {@code procs} parallel processes (2 events per op);
 *   <li>{@code forkexec}: fork + execve(/bin/true) + wait (clone x2, execve, procexit ... per op);
 *   <li>{@code unwanted}: umask(), a syscall no rule needs, to show the cost of the kernel-side filter.
 * </ul>
 *
 * <p>Run (as root): {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.SyscallLoad [seconds] [procs]}
 */
public final class SyscallLoad {
    private static final String WORKLOAD_C = """
            #include <fcntl.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <time.h>
            #include <unistd.h>
            #include <sys/stat.h>
            #include <sys/wait.h>
            static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
            int main(int argc, char **argv) {
              const char *mode = argv[1]; double secs = atof(argv[2]); long ops = 0;
              double end = now() + secs, t0 = now();
              while (1) {
                for (int i = 0; i < 256; i++) {
                  if (!strcmp(mode, "openat")) { int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY); if (fd >= 0) close(fd); }
                  else if (!strcmp(mode, "unwanted")) { umask(022); umask(022); }
                  else { pid_t p = fork(); if (p == 0) { execl("/bin/true", "true", (char *)0); _exit(127); } waitpid(p, 0, 0); i += 255; }
                  ops++;
                }
                if (now() >= end) break;
              }
              printf("%ld %.6f\\n", ops, now() - t0);
              return 0;
            }
            """;

    private SyscallLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int procs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("peregrine-syscall-load");
        Path src = dir.resolve("load.c");
        Files.writeString(src, WORKLOAD_C);
        Path exe = dir.resolve("load");
        run(List.of("cc", "-O2", "-o", exe.toString(), src.toString()));

        String[] modes = {"openat", "forkexec", "unwanted"};
        double[] base = new double[modes.length];
        for (int i = 0; i < modes.length; i++) {
            base[i] = workload(exe, modes[i], seconds, procs);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("syscall.conf");
        Files.writeString(conf, "[SERVICE]\n    Flush 1\n    Log_Level info\n    HTTP_Server On\n"
                + "    HTTP_Listen 127.0.0.1\n    HTTP_Port " + port + "\n\n[INPUT]\n    Name syscall\n"
                + "    Buffer_Size 8M\n    Syscalls mkdir,mkdirat,unlink,unlinkat,rename,renameat,renameat2\n\n"
                + "[OUTPUT]\n    Name null\n    Match *\n");
        String jar = Path.of("dist/target/peregrine.jar").toAbsolutePath().toString();
        Path log = dir.resolve("agent.log");
        Process agent = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx1g", "-jar", jar, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.readString(log).contains("attached;")) {
                if (!agent.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("agent did not attach:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            workload(exe, "openat", 2, procs); // warm-up: JIT of the reader and decoder
            System.out.printf("syscall input load, %d s per run, %d workload process(es), Buffer_Size 8M%n",
                    seconds, procs);
            System.out.printf("%-9s %12s %12s %8s %12s %10s %8s %10s %12s %8s%n", "workload", "ops/s base",
                    "ops/s agent", "slowdown", "events/s", "drops", "drop%", "agent cpu", "ev/cpu-s", "rss MB");
            for (int i = 0; i < modes.length; i++) {
                long[] m0 = metrics(http, port);
                double c0 = ProcessStats.cpuSeconds(agent.pid());
                long t0 = System.nanoTime();
                double with = workload(exe, modes[i], seconds, procs);
                Thread.sleep(1500); // let the reader drain and the counters refresh (once a second)
                long[] m1 = metrics(http, port);
                double c1 = ProcessStats.cpuSeconds(agent.pid());
                double wall = (System.nanoTime() - t0) / 1e9;
                long ev = m1[0] - m0[0];
                long drops = m1[1] - m0[1];
                System.out.printf("%-9s %12.0f %12.0f %7.2fx %12.0f %10d %7.2f%% %9.2fc %12.0f %8.0f%n", modes[i],
                        base[i], with, base[i] / with, ev / (wall - 1.5), drops,
                        ev + drops == 0 ? 0 : 100.0 * drops / (ev + drops), (c1 - c0) / wall,
                        (c1 - c0) > 0 ? ev / (c1 - c0) : 0, ProcessStats.peakRssMb(agent.pid()));
            }
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    /** Runs {@code procs} workload processes in parallel; returns their summed operations per second. */
    private static double workload(Path exe, String mode, int seconds, int procs) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
            ps.add(new ProcessBuilder(exe.toString(), mode, String.valueOf(seconds)).redirectErrorStream(true).start());
        }
        double rate = 0;
        for (Process p : ps) {
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            p.waitFor();
            rate += Long.parseLong(out[0]) / Double.parseDouble(out[1]);
        }
        return rate;
    }

    /** events and drops_buffer + drops_too_big of the syscall input, from /api/v1/metrics. */
    private static long[] metrics(HttpClient http, int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new long[] {num(body, "events"), num(body, "drops_buffer") + num(body, "drops_too_big")};
    }

    private static long num(String body, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + ": " + out);
        }
    }
}
