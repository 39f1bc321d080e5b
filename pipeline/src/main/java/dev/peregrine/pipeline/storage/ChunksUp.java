package dev.peregrine.pipeline.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * storage.max_chunks_up across every filesystem input, as Fluent Bit's chunkio counts it (memory inputs' chunks do
 * not count): how many filesystem chunks have their records in memory. The engine puts chunks down (records only on
 * disk) while the count is over the limit and brings one up just before an output flushes it, so an output down for
 * hours costs disk, not heap. The count can pass the limit by the chunks being written (one open chunk per tag) and
 * the ones being flushed (one per output worker): those cannot wait.
 */
public final class ChunksUp {
    private final int max;
    private final AtomicInteger up = new AtomicInteger();

    public ChunksUp(int max) {
        this.max = Math.max(1, max);
    }

    /** storage.max_chunks_up. */
    public int max() {
        return max;
    }

    /** Filesystem chunks up now. */
    public int get() {
        return up.get();
    }

    public void added() {
        up.incrementAndGet();
    }

    public void removed() {
        up.decrementAndGet();
    }

    /** More chunks up than the limit: the engine puts idle ones down. */
    public boolean over() {
        return up.get() > max;
    }

    /** The limit is reached (storage.pause_on_chunks_overlimit pauses the input). */
    public boolean reached() {
        return up.get() >= max;
    }
}
