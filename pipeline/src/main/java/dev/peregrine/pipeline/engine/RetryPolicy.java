package dev.peregrine.pipeline.engine;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry_Limit and the scheduler's backoff ({@code flb_scheduler.c}): the n-th retry (1-based) waits a uniformly
 * random number of seconds in {@code [base, min(cap, base * 2^n)]}.
 *
 * @param limit retries allowed; -1 for no limit, 0 for none
 */
public record RetryPolicy(int limit, int baseSeconds, int capSeconds) {

    /** Parses Retry_Limit: a number, {@code no_limits} or {@code False} (unlimited), {@code no_retries}. */
    public static int parseLimit(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "no_limits", "false", "off", "no" -> -1;
            case "no_retries" -> 0;
            default -> {
                try {
                    int n = Integer.parseInt(s);
                    if (n < 0) {
                        throw new IllegalArgumentException("Retry_Limit: " + v
                            + " (expected: a number >= 0, no_limits, False or no_retries)");
                    }
                    yield n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Retry_Limit: " + v
                        + " (expected: a number, no_limits, False or no_retries)");
                }
            }
        };
    }

    public boolean mayRetry(int retriesDone) {
        return limit < 0 || retriesDone < limit;
    }

    /** Milliseconds to wait before retry number {@code attempt} (1-based). */
    public long backoffMillis(int attempt) {
        long exp = (long) baseSeconds << Math.min(attempt, 30);
        long max = Math.min(capSeconds, Math.max(baseSeconds, exp));
        long secs = baseSeconds >= max ? baseSeconds : ThreadLocalRandom.current().nextLong(baseSeconds, max + 1);
        return secs * 1000;
    }
}
