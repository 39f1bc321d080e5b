package dev.peregrine.bench;

import dev.peregrine.inputs.syscall.SyscallInput;
import dev.peregrine.inputs.syscall.SyscallOptions;
import dev.peregrine.inputs.syscall.SyscallSet;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the {@code syscall} input: syscall-heavy workloads run without and then with the input attached (run
 * in this JVM, the BPF object bundled in the jar). Reports per workload: operations/s without and with the input
 * (slowdown ratio), events/s decoded, kernel-side drops, the input's CPU (cores and events per CPU-second) and
 * peak RSS of this JVM.
 *
 * <p>Why in-process: a whole agent {@code syscall -> null} keeps every event until the next flush (1 s); at a
 * million events per second that is hundreds of MB of young objects, and the serial collector's pauses (measured:
 * 150-200 ms) overflow an 8 MiB ring buffer. With the Falco rules the filter drops non-matching events at once,
 * which this counting sink stands for.
 *
 * <p>The workloads are a small C program compiled here with the host's cc, so the loop costs the syscalls and
 * nothing else (a JVM loop would hide the probe cost in its own overhead):
 * <ul>
 *   <li>{@code openat}: openat + close of one file, in {@code procs} parallel processes (2 events per op);
 *   <li>{@code forkexec}: fork + execve(/bin/true) + wait (clone x2, execve, procexit ... per op);
 *   <li>{@code unwanted}: umask(), a syscall no rule needs, to show the cost of the kernel-side filter.
 * </ul>
 *
 * <p>Run (as root, after {@code mvn install}):
 * {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.SyscallLoad [seconds] [procs]}
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
              double end = now() + secs, t0 = now(), c0 = cpu();
              while (1) {
                for (int i = 0; i < 256; i++) {
                  if (!strcmp(mode, "openat")) { int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY); if (fd >= 0) close(fd); }
                  else if (!strcmp(mode, "unwanted")) { umask(022); umask(022); }
                  else { pid_t p = fork(); if (p == 0) { execl("/bin/true", "true", (char *)0); _exit(127); } waitpid(p, 0, 0); i += 255; }
                  ops++;
                }
                if (now() >= end) break;
              }
              printf("%ld %.6f %.6f\\n", ops, now() - t0, cpu() - c0);
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
        double[][] base = new double[modes.length][];
        for (int i = 0; i < modes.length; i++) {
            base[i] = workload(exe, modes[i], seconds, procs);
        }
        // The input runs in this JVM with a sink that counts and discards: this measures what the input costs
        // (BPF, ring buffer, decoding, state) without the pipeline's buffering until the next flush, which at a
        // million events per second is the real cost of a syscall -> null agent (see the class comment).
        SyscallOptions opts = SyscallOptions.defaults(); // 8 MiB, base + stable rules' syscalls
        Set<String> sc = opts.syscalls();
        InstanceMetrics metrics = new InstanceMetrics("syscall.0");
        SyscallInput input = new SyscallInput(opts, Log.of("input:syscall:syscall.0"), metrics, "syscall.0");
        AtomicLong seen = new AtomicLong();
        input.start(new InputSink() {
            @Override
            public String tag() {
                return "syscall";
            }

            @Override
            public boolean tagSet() {
                return false;
            }

            @Override
            public void append(String tag, List<Event> events) {
                seen.addAndGet(events.size());
            }

            @Override
            public boolean paused() {
                return false;
            }

            @Override
            public void requestShutdown() {
            }
        });
        long self = ProcessHandle.current().pid();
        try {
            workload(exe, "openat", 5, procs); // warm-up: JIT of the reader and decoder (drops while cold)
            System.out.printf("syscall input load (in-process input, counting sink), %d s per run, %d workload"
                    + " process(es), Buffer_Size 8M, %d syscalls (base + what the stable rules need); load average"
                    + " before: %s%n", seconds, procs, sc.size(), Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("slowdown: workload CPU time per operation with / without the input (CPU time, not"
                    + " wall time, so other load on the machine does not count); +ns/syscall: the same difference"
                    + " per system call of the loop; input cpu: cores used by this JVM (reader, decoder, state)");
            System.out.printf("%-9s %11s %11s %8s %11s %11s %9s %7s %9s %11s %7s%n", "workload", "ops/s base",
                    "ops/s input", "slowdown", "+ns/syscall", "events/s", "drops", "drop%", "input cpu",
                    "ev/cpu-s", "rss MB");
            for (int i = 0; i < modes.length; i++) {
                long e0 = seen.get();
                long d0 = drops(input);
                double c0 = ProcessStats.cpuSeconds(self);
                long t0 = System.nanoTime();
                double[] with = workload(exe, modes[i], seconds, procs);
                Thread.sleep(1500); // let the reader drain and the kernel counters be read
                double c1 = ProcessStats.cpuSeconds(self);
                double wall = (System.nanoTime() - t0) / 1e9;
                long ev = seen.get() - e0;
                long drops = drops(input) - d0;
                double perOpBase = 1 / base[i][1];
                double perOpWith = 1 / with[1];
                boolean loop = !modes[i].equals("forkexec"); // two syscalls per operation; forkexec: many
                System.out.printf("%-9s %11.0f %11.0f %7.2fx %11s %11.0f %9d %6.2f%% %8.2fc %11.0f %7.0f%n",
                        modes[i], base[i][0], with[0], perOpWith / perOpBase,
                        loop ? String.format("%.0f", (perOpWith - perOpBase) * 1e9 / 2) : "-", ev / (wall - 1.5),
                        drops, ev + drops == 0 ? 0 : 100.0 * drops / (ev + drops), (c1 - c0) / wall,
                        (c1 - c0) > 0 ? ev / (c1 - c0) : 0, ProcessStats.peakRssMb(self));
            }
        } finally {
            input.stop();
        }
    }

    private static long drops(SyscallInput input) {
        long[] c = input.kernelCounters();
        return c[1] + c[2];
    }

    /**
     * Runs {@code procs} workload processes in parallel; returns their summed operations per wall second and
     * operations per CPU second.
     */
    private static double[] workload(Path exe, String mode, int seconds, int procs) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
            ps.add(new ProcessBuilder(exe.toString(), mode, String.valueOf(seconds)).redirectErrorStream(true).start());
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
