package dev.peregrine.bench.fuzz;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs a target over mutated inputs for a time budget with a watchdog thread: an exception the target does not
 * document is a crash, an input still running after {@code hangMillis} is a hang. Prints inputs/s and every crash.
 */
public final class FuzzHarness {
    /** The code under test; throwing a documented error is a normal outcome. */
    @FunctionalInterface
    public interface Target {
        void run(byte[] input) throws Exception;
    }

    private final String name;
    private final Target target;
    private final Predicate<Throwable> documented;
    private final long hangMillis;

    public FuzzHarness(String name, Target target, Predicate<Throwable> documented, long hangMillis) {
        this.name = name;
        this.target = target;
        this.documented = documented;
        this.hangMillis = hangMillis;
    }

    /** Fuzzes for {@code seconds}; returns the number of crashes and hangs. */
    public long run(Mutator m, long seed, double seconds) throws InterruptedException {
        AtomicLong startedAt = new AtomicLong();
        Object[] current = new Object[1];
        AtomicLong hangs = new AtomicLong();
        Thread watchdog = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long s = startedAt.get();
                if (s != 0 && System.currentTimeMillis() - s > hangMillis) {
                    hangs.incrementAndGet();
                    System.out.println(name + ": HANG (> " + hangMillis + " ms) on input "
                        + HexFormat.of().formatHex((byte[]) current[0]));
                    startedAt.set(0);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long inputs = 0;
        long errors = 0;
        long crashes = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            byte[] in = m.next();
            current[0] = in;
            startedAt.set(System.currentTimeMillis());
            try {
                target.run(in);
            } catch (Throwable t) {
                if (documented.test(t)) {
                    errors++;
                } else {
                    crashes++;
                    if (crashes <= 10) {
                        System.out.println(name + ": CRASH " + t + " on input " + HexFormat.of().formatHex(in));
                        t.printStackTrace(System.out);
                    }
                }
            } finally {
                startedAt.set(0);
            }
            inputs++;
        }
        watchdog.interrupt();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s: seed %d, %.1f s, %d inputs (%.0f inputs/s), %d documented "
            + "errors, %d crashes, %d hangs%n", name, seed, secs, inputs, inputs / secs, errors, crashes, hangs.get());
        return crashes + hangs.get();
    }

    static double seconds(String[] args) {
        return args.length > 0 ? Double.parseDouble(args[0]) : 30;
    }

    static long seed(String[] args) {
        return args.length > 1 ? Long.parseLong(args[1]) : 1;
    }
}
