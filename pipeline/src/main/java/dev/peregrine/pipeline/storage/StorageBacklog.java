package dev.peregrine.pipeline.storage;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Chunk files found at start-up and not yet loaded ("down" in Fluent Bit's terms). The engine loads them while the
 * recovered bytes in flight stay under storage.backlog.mem_limit, so a large backlog does not have to fit in memory.
 */
public final class StorageBacklog {
    /**
     * A file to load for an input.
     *
     * @param owner the engine's input instance (opaque here)
     * @param store the input's store
     * @param file  the chunk file
     */
    public record Entry(Object owner, ChunkStore store, Path file) {
    }

    private final Deque<Entry> pending = new ArrayDeque<>();

    public synchronized void add(Entry e) {
        pending.add(e);
    }

    public synchronized Entry poll() {
        return pending.poll();
    }

    /** Files not loaded yet, all inputs. */
    public synchronized int size() {
        return pending.size();
    }

    /** Files not loaded yet for one input. */
    public synchronized int size(Object owner) {
        int n = 0;
        for (Entry e : pending) {
            if (e.owner() == owner) {
                n++;
            }
        }
        return n;
    }
}
