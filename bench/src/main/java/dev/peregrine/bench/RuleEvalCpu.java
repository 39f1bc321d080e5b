package dev.peregrine.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * {@link RuleEvalBenchmark}'s workload measured in events per CPU-second of the evaluating thread, and bytes
 * allocated per event: on a machine shared with other work, wall-clock throughput (what JMH reports) varies with
 * the load, while the evaluating thread's own CPU time is what "events per second per core" means. Each variant
 * is warmed up, then measured in rounds; the median round is reported with the min-max range.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.RuleEvalCpu [rounds] [seconds-per-round]}
 * ({@code -Dvariant=syscall/specialized} runs one variant, e.g. under a profiler). Each variant runs in a JVM of
 * its own ({@code -DinProcess=true}: all in this one, as before), so no variant is compiled for another's event
 * type.
 */
public final class RuleEvalCpu {
    private RuleEvalCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        System.out.printf("load average %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String only = System.getProperty("variant", "");
        if (only.isEmpty() && !Boolean.getBoolean("inProcess")) {
            // one JVM per variant: the JIT compiles the rule engine for the FieldSource types it has seen, so a
            // variant measured after another source ran in the same JVM would pay for that source's type too
            for (String v : new String[] {"synthetic/general", "synthetic/specialized", "syscall/general",
                "syscall/specialized"}) {
                java.util.List<String> cmd = new java.util.ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                cmd.addAll(java.util.List.of("-Dvariant=" + v, "-cp", System.getProperty("java.class.path"),
                        RuleEvalCpu.class.getName()));
                cmd.addAll(java.util.List.of(args));
                int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
                if (rc != 0) {
                    throw new IllegalStateException(v + ": exit status " + rc);
                }
            }
            return;
        }
        java.util.Map<String, Integer> matches = new java.util.TreeMap<>();
        for (String source : new String[] {"synthetic", "syscall"}) {
            for (String conditions : new String[] {"general", "specialized"}) {
                if (!only.isEmpty() && !only.equals(source + "/" + conditions)) {
                    continue;
                }
                RuleEvalBenchmark b = new RuleEvalBenchmark();
                b.rules = "stable+incubating+sandbox";
                b.matching = "first";
                b.conditions = conditions;
                b.source = source;
                b.setUp();
                matches.put(source, b.matchesPerCycle());
                double[] rates = new double[rounds];
                double bytes = 0;
                for (int r = -3; r < rounds; r++) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long alloc0 = mx.getThreadAllocatedBytes(self);
                    long events = 0;
                    long until = cpu0 + (long) (seconds * 1e9);
                    while (mx.getCurrentThreadCpuTime() < until) {
                        for (int k = 0; k < 16; k++) {
                            b.evaluate(null);
                        }
                        events += 16L * RuleEvalBenchmark.EVENTS;
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                    long alloc = mx.getThreadAllocatedBytes(self) - alloc0;
                    if (r >= 0) {
                        rates[r] = events / (cpu / 1e9);
                        bytes = (double) alloc / events;
                    }
                }
                java.util.Arrays.sort(rates);
                System.out.printf("%-9s %-11s %,12.0f events/CPU-s (min %,.0f max %,.0f)  %7.1f B/event%n", source,
                        conditions, rates[rounds / 2], rates[0], rates[rounds - 1], bytes);
            }
        }
        System.out.printf("load average %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // after measuring (so the check does not change what the JIT saw): both sources match the same events
        for (String source : new String[] {"synthetic", "syscall"}) {
            if (!matches.containsKey(source)) {
                RuleEvalBenchmark b = new RuleEvalBenchmark();
                b.rules = "stable+incubating+sandbox";
                b.matching = "first";
                b.conditions = "general";
                b.source = source;
                b.setUp();
                matches.put(source, b.matchesPerCycle());
            }
        }
        System.out.println("matches per pass: " + matches);
        if (!matches.get("synthetic").equals(matches.get("syscall"))) {
            throw new IllegalStateException("the syscall source matched other events than the synthetic one: " + matches);
        }
    }
}
