package dev.peregrine.bench;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.engine.InputInstance;
import dev.peregrine.pipeline.engine.PipelineBuilder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import io.netty.channel.nio.NioEventLoopGroup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Load on the agent's syscall path: syscall-heavy workloads run without and then with the pipeline
 * {@code syscall -> falco (Falco's stable rules) -> null} running in this JVM, built by the real engine from a
 * config (the BPF object bundled in the jar; the rules select the syscalls in the kernel, as in the agent). Reports
 * per workload: operations/s without and with the agent, the workload's slowdown (CPU time per operation), events/s
 * decoded, kernel-side drops, the agent's CPU (cores, events per CPU-second) and this JVM's peak RSS. Runs without
 * and with the agent alternate (the agent is started and stopped for each trial), so drifting load on a shared
 * machine hits both sides alike; the slowdown is the median of the trials.
 *
 * <p>Why in-process rather than a second process: the figures are the same pipeline's, and this JVM's CPU and RSS
 * are then the agent's (the driver only waits for its children). The falco filter consumes every syscall event,
 * so nothing is buffered until the flush.
 *
 * <p>The workloads are a small C program compiled here with the host's cc, so the loop costs the syscalls and
 * nothing else (a JVM loop would hide the probe cost in its own overhead):
 * <ul>
 *   <li>{@code openat}: openat + close of one file, in {@code procs} parallel processes (2 events per op);
 *   <li>{@code paced}: the same loop held at 550k operations (1.1M events) per second by spinning between batches
 *       (no system calls), to see whether the agent keeps up with that rate without drops; its slowdown is not
 *       shown (the spinning is CPU time);
 *   <li>{@code forkexec}: fork + execve(/bin/true) + wait (clone x2, execve, procexit ... per op);
 *   <li>{@code unwanted}: umask(), a syscall no rule needs, to show the cost of the kernel-side filter.
 * </ul>
 *
 * <p>Run (as root, after {@code mvn install}):
 * {@code java -Xmx512m -cp bench/target/benchmarks.jar dev.peregrine.bench.SyscallLoad [seconds] [procs] [rules]}
 * (rules: default {@code ../shared/falco-rules/falco_rules.yaml}, else {@code /work/shared/...}; {@code none} runs
 * {@code syscall -> null} with every supported syscall). {@code -Dtrials=N} (default 3) sets the number of trials,
 * which share the seconds; {@code -Dworkloads=openat,paced} picks workloads.
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
            static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
            int main(int argc, char **argv) {
              const char *mode = argv[1]; double secs = atof(argv[2]); long ops = 0;
              double rate = !strcmp(mode, "paced") ? atof(argv[3]) : 0;
              double end = now() + secs, t0 = now(), c0 = cpu();
              while (1) {
                for (int i = 0; i < 256; i++) {
                  if (!strcmp(mode, "openat") || !strcmp(mode, "paced")) { int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY); if (fd >= 0) close(fd); }
                  else if (!strcmp(mode, "unwanted")) { umask(022); umask(022); }
                  else { pid_t p = fork(); if (p == 0) { execl("/bin/true", "true", (char *)0); _exit(127); } waitpid(p, 0, 0); i += 255; }
                  ops++;
                }
                if (rate > 0) { double due = t0 + ops / rate; while (now() < due) { } } /* paced: spin, no syscalls */
                if (now() >= end) break;
              }
              printf("%ld %.6f %.6f\\n", ops, now() - t0, cpu() - c0);
              return 0;
            }
            """;

    /** Operations per second of the paced workload (openat + close: 2 events each), over all its processes. */
    private static final int PACED_OPS = 550_000;

    private SyscallLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int procs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String rules = args.length > 2 ? args[2] : defaultRules();
        Path dir = Files.createTempDirectory("peregrine-syscall-load");
        Path src = dir.resolve("load.c");
        Files.writeString(src, WORKLOAD_C);
        Path exe = dir.resolve("load");
        run(List.of("cc", "-O2", "-o", exe.toString(), src.toString()));

        // paced: the openat/close loop held at PACED_OPS per second (1.1M events/s), below what the unpaced loop
        // offers on this machine, to show whether the agent keeps up with a given rate without drops
        String[] modes = System.getProperty("workloads", "openat,paced,forkexec,unwanted").split(",");
        int trials = Integer.getInteger("trials", 3);
        int trialSeconds = Math.max(2, seconds / trials);
        Log.setLevel(LogLevel.WARN);
        NioEventLoopGroup loops = new NioEventLoopGroup(1);
        long self = ProcessHandle.current().pid();
        try {
            Engine warm = pipeline(rules, loops);
            warm.start();
            workload(exe, "openat", 5, procs); // warm-up: JIT of the reader, decoder and rules (drops while cold)
            warm.shutdown(null);
            System.out.printf("agent pipeline syscall -> %s null in this JVM, %d alternating trials of %d s without"
                    + " and with the agent per workload, %d workload process(es), Buffer_Size 8M; load average"
                    + " before: %s%n", rules.equals("none") ? "" : "falco (" + rules + ") ->", trials, trialSeconds,
                    procs, Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("slowdown: workload CPU time per operation with / without the agent, median (min)"
                    + " of the trials (CPU time, not wall time, so other load on the machine counts less);"
                    + " +ns/syscall: the median difference per system call of the loop; agent cpu: cores used by this"
                    + " JVM while the agent ran (reader, decoder, state, rules); drops, events/s, cpu: measured after a"
                    + " 1 s warm-up of each new pipeline; cold drops: lost in those warm-up seconds");
            System.out.printf("%-9s %11s %11s %14s %11s %11s %9s %7s %9s %11s %7s %10s%n", "workload", "ops/s base",
                    "ops/s agent", "slowdown", "+ns/syscall", "events/s", "drops", "drop%", "agent cpu",
                    "ev/cpu-s", "rss MB", "cold drops");
            for (String mode : modes) {
                double[] ratio = new double[trials];
                double[] extra = new double[trials];
                double rateBase = 0;
                double rateWith = 0;
                long ev = 0;
                long drops = 0;
                long coldDrops = 0;
                double cpu = 0;
                double wall = 0;
                for (int t = 0; t < trials; t++) {
                    double[] base = workload(exe, mode, trialSeconds, procs);
                    Engine engine = pipeline(rules, loops);
                    engine.start();
                    InputInstance in = engine.inputs().get(0);
                    // A second of the workload before measuring: a new pipeline's first second (its rule objects
                    // and state new to the JIT's profiles) drops at these rates; a long-running agent has it once.
                    workload(exe, mode, 1, procs);
                    Thread.sleep(1100); // drained, and the kernel counters read (once a second)
                    long ev0 = in.metrics().counter("events").get();
                    long drops0 = drops(in);
                    coldDrops += drops0;
                    double c0 = ProcessStats.cpuSeconds(self);
                    long t0 = System.nanoTime();
                    double[] with = workload(exe, mode, trialSeconds, procs);
                    Thread.sleep(1500); // let the reader drain and the kernel counters be read (once a second)
                    cpu += ProcessStats.cpuSeconds(self) - c0;
                    wall += (System.nanoTime() - t0) / 1e9;
                    ev += in.metrics().counter("events").get() - ev0;
                    drops += drops(in) - drops0;
                    engine.shutdown(null);
                    rateBase += base[0] / trials;
                    rateWith += with[0] / trials;
                    ratio[t] = base[1] / with[1];
                    extra[t] = (1 / with[1] - 1 / base[1]) * 1e9 / 2;
                }
                double[] sorted = ratio.clone();
                java.util.Arrays.sort(sorted);
                double[] ex = extra.clone();
                java.util.Arrays.sort(ex);
                boolean loop = mode.equals("openat") || mode.equals("unwanted"); // two syscalls per operation
                boolean paced = mode.equals("paced"); // spins between batches: its CPU per operation means nothing
                double evWall = wall - 1.5 * trials;
                System.out.printf("%-9s %11.0f %11.0f %14s %11s %11.0f %9d %6.2f%% %8.2fc %11.0f %7.0f %10d%n",
                        mode, rateBase, rateWith, paced ? "-" : String.format("%6.2fx (%.2fx)", sorted[trials / 2],
                        sorted[0]),
                        loop ? String.format("%.0f", ex[trials / 2]) : "-", ev / evWall, drops,
                        ev + drops == 0 ? 0 : 100.0 * drops / (ev + drops), cpu / wall, cpu > 0 ? ev / cpu : 0,
                        ProcessStats.peakRssMb(self), coldDrops);
                if (!paced) {
                    StringBuilder each = new StringBuilder();
                    for (double r : ratio) {
                        each.append(String.format(" %.2fx", r));
                    }
                    System.out.printf("%-9s slowdown of each trial, in order:%s%n", "", each);
                }
            }
        } finally {
            loops.shutdownGracefully();
        }
    }

    private static long drops(InputInstance in) {
        return in.metrics().counter("drops_buffer").get() + in.metrics().counter("drops_too_big").get();
    }

    private static String defaultRules() {
        for (String p : List.of("../shared/falco-rules/falco_rules.yaml", "/work/shared/falco-rules/falco_rules.yaml")) {
            if (Files.isRegularFile(Path.of(p))) {
                return p;
            }
        }
        return "none";
    }

    /** The agent's pipeline from a config: syscall, then falco with {@code rules} unless "none", then null. */
    private static Engine pipeline(String rules, NioEventLoopGroup loops) throws Exception {
        Config c = new Config(null);
        Location at = Location.COMMAND_LINE;
        c.service().add("flush", "1", at);
        Section in = new Section("input", at);
        in.add("name", "syscall", at);
        in.add("tag", "syscall", at);
        c.addSection(in);
        if (!rules.equals("none")) {
            Section f = new Section("filter", at);
            f.add("name", "falco", at);
            f.add("match", "syscall", at);
            f.add("rules_file", rules, at);
            c.addSection(f);
        }
        Section out = new Section("output", at);
        out.add("name", "null", at);
        out.add("match", "*", at);
        c.addSection(out);
        PipelineBuilder b = new PipelineBuilder(c, PluginRegistry.load(), loops);
        b.validate();
        return b.build(PipelineBuilder.newScheduler());
    }

    /**
     * Runs {@code procs} workload processes in parallel; returns their summed operations per wall second and
     * operations per CPU second.
     */
    private static double[] workload(Path exe, String mode, int seconds, int procs) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
            ps.add(new ProcessBuilder(exe.toString(), mode, String.valueOf(seconds), String.valueOf(PACED_OPS / procs))
                .redirectErrorStream(true).start());
        }
        double rate = 0;
        long ops = 0;
        double cpu = 0;
        for (Process p : ps) {
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            p.waitFor();
            rate += Long.parseLong(out[0]) / Double.parseDouble(out[1]);
            ops += Long.parseLong(out[0]);
            cpu += Double.parseDouble(out[2]);
        }
        return new double[] {rate, ops / cpu};
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + ": " + out);
        }
    }
}
