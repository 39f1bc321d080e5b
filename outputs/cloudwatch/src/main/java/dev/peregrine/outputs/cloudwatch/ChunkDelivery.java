package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.plugin.FlushResult;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;

/**
 * One flush attempt of one chunk: counts the chunk's events still travelling in batches and answers the engine
 * once every one of them is settled.
 *
 * <p>Per-chunk memory across retries ({@link Progress}): events whose batch was accepted, or that can never be
 * delivered, are marked done; when the engine retries the chunk, only the events not marked are sent again. So a
 * throttled stream does not make the other streams of the chunk, or the batches of the same stream that got
 * through, arrive twice (Fluent Bit resends the whole chunk). The marks are kept per chunk object in a weak map,
 * so a chunk the engine gives up on takes its marks with it.
 */
final class ChunkDelivery {
    /** How a sent event ended. */
    enum Outcome { SENT, DROPPED, RETRY }

    /** What survives between attempts of one chunk. */
    static final class Progress {
        final BitSet done = new BitSet();
        boolean anySent;

        synchronized boolean isDone(int i) {
            return done.get(i);
        }

        synchronized void markDone(int i) {
            done.set(i);
        }

        synchronized int doneCount() {
            return done.cardinality();
        }
    }

    private final Progress progress;
    private final int[] parts;
    private final BitSet failed = new BitSet();
    private final CompletableFuture<FlushResult> result = new CompletableFuture<>();
    private final Runnable onFinal;
    private int outstanding = 1;
    private boolean retry;
    private int sent;
    private int dropped;

    /**
     * @param size    events in the chunk
     * @param onFinal called once the chunk is finished for good (OK or ERROR), to forget its progress
     */
    ChunkDelivery(int size, Progress progress, Runnable onFinal) {
        this.progress = progress;
        this.parts = new int[size];
        this.onFinal = onFinal;
    }

    CompletableFuture<FlushResult> result() {
        return result;
    }

    /** One more message of event {@code index} is on its way. */
    synchronized void expect(int index) {
        parts[index]++;
        outstanding++;
    }

    /** Called once every message of the chunk has been handed to a stream queue. */
    void sealed() {
        boolean last;
        synchronized (this) {
            last = --outstanding == 0;
        }
        if (last) {
            finish();
        }
    }

    void resolved(int index, Outcome o) {
        boolean last;
        synchronized (this) {
            switch (o) {
                case SENT -> sent++;
                case DROPPED -> dropped++;
                case RETRY -> {
                    retry = true;
                    failed.set(index);
                }
            }
            if (--parts[index] == 0 && !failed.get(index)) {
                progress.markDone(index);
            }
            last = --outstanding == 0;
        }
        if (last) {
            finish();
        }
    }

    /** Marks an event that sends nothing (empty message, missing log_key) as done. */
    void skip(int index) {
        progress.markDone(index);
    }

    private void finish() {
        FlushResult r;
        synchronized (this) {
            if (sent > 0) {
                synchronized (progress) {
                    progress.anySent = true;
                }
            }
            if (retry) {
                r = FlushResult.RETRY;
            } else {
                boolean anySent;
                synchronized (progress) {
                    anySent = progress.anySent;
                }
                // ERROR only when nothing of the chunk ever reached CloudWatch and something was refused: the
                // engine then counts the chunk as dropped. A chunk partly refused is OK (the refused events are
                // logged and counted in the instance's cloudwatch_events_dropped).
                r = dropped > 0 && !anySent ? FlushResult.ERROR : FlushResult.OK;
            }
        }
        if (r != FlushResult.RETRY) {
            onFinal.run();
        }
        result.complete(r);
    }
}
