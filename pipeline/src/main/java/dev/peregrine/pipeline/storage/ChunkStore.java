package dev.peregrine.pipeline.storage;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One filesystem input's directory, {@code storage.path/<input name>/}: a {@link ChunkFile} per chunk, written as
 * records are appended, marked per output as routes finish and deleted when the last one does.
 *
 * <p>The input calls {@link #append} under its own lock, so a file holds its chunk's records in order. File names
 * ({@code <start millis>-<pid>-<seq>.flb}) sort by creation and never collide with a previous run's files.
 */
public final class ChunkStore {
    private static final Log LOG = Log.of("storage");
    private static final AtomicLong SEQ = new AtomicLong();
    private static final String RUN = String.format("%013d-%d", System.currentTimeMillis(),
        ProcessHandle.current().pid());
    private static volatile SyncThread syncThread;

    private final StorageOptions options;
    private final String input;
    private final Path dir;
    private final StorageMetrics metrics;
    private final Map<Long, ChunkFile> files = new ConcurrentHashMap<>();
    /** Chunks with an append that could not be written: their file lacks records, they never go down. */
    private final Set<Long> incomplete = ConcurrentHashMap.newKeySet();

    public ChunkStore(StorageOptions options, String input, StorageMetrics metrics) throws IOException {
        this.options = options;
        this.input = input;
        this.dir = options.path().resolve(input);
        this.metrics = metrics;
        Files.createDirectories(dir);
    }

    public StorageOptions options() {
        return options;
    }

    public Path dir() {
        return dir;
    }

    public StorageMetrics metrics() {
        return metrics;
    }

    /** Chunk files of this input not yet done (written this run or recovered). */
    public int liveFiles() {
        return files.size();
    }

    /** Bytes in those files. */
    public long liveBytes() {
        long n = 0;
        for (ChunkFile f : files.values()) {
            n += f.size();
        }
        return n;
    }

    /** Writes {@code events} (already added to {@code chunk}) to the chunk's file, creating it on first use. */
    public ChunkFile append(Chunk chunk, List<Event> events) throws IOException {
        ChunkFile f = files.get(chunk.id());
        if (f == null) {
            Path p = dir.resolve(RUN + "-" + String.format("%08d", SEQ.incrementAndGet()) + ChunkFile.SUFFIX);
            f = ChunkFile.create(p, chunk.tag(), options.checksum(), options.syncFull());
            files.put(chunk.id(), f);
        }
        byte[] b;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            for (Event e : events) {
                e.pack(p);
            }
            b = p.toByteArray();
        }
        try {
            f.append(b);
        } catch (IOException e) {
            incomplete.add(chunk.id());
            metrics.counter(StorageMetrics.WRITE_ERRORS).incrementAndGet();
            throw new IOException("input " + input + ": cannot write " + f.path() + ": " + e.getMessage(), e);
        }
        return f;
    }

    /**
     * Completes once the writes to {@code written} are durable: at once with storage.sync normal (the page cache
     * survives the process: kill -9 loses nothing written), after fsync with storage.sync full.
     */
    public CompletableFuture<Void> durable(List<ChunkFile> written) {
        if (!options.syncFull() || written.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        sync().submit(new SyncRequest(List.copyOf(written), f));
        return f;
    }

    /** The chunk was sealed: no more appends to its file. */
    public void sealed(Chunk chunk) {
        ChunkFile f = files.get(chunk.id());
        if (f != null) {
            f.close();
        }
    }

    /** {@code output} is done with the chunk (delivered, or dropped as Fluent Bit drops it): not re-sent there. */
    public void routeDone(Chunk chunk, String output) {
        ChunkFile f = files.get(chunk.id());
        if (f == null) {
            return;
        }
        try {
            f.markDone(output, options.syncFull());
        } catch (IOException e) {
            // The worst outcome is a duplicate to this output after a restart, not a loss: say so and go on.
            LOG.warn("cannot record delivery of " + f.path() + " to " + output + " (it may be re-sent after a "
                + "restart): " + e.getMessage());
        }
    }

    /** Whether the chunk's file holds every record of it, so that it may go down (storage.max_chunks_up). */
    public boolean complete(Chunk chunk) {
        return files.containsKey(chunk.id()) && !incomplete.contains(chunk.id());
    }

    /**
     * The records of a chunk that went down, read back from its file. A damaged tail (the file was changed under
     * us) is reported and the intact records returned, as at recovery.
     */
    public List<Event> read(Chunk chunk) throws IOException {
        ChunkFile f = files.get(chunk.id());
        if (f == null) {
            throw new IOException("input " + input + ": no chunk file for chunk " + chunk.id());
        }
        ChunkFile.Contents c = ChunkFile.read(f.path());
        if (c.problem() != null) {
            metrics.counter(StorageMetrics.DAMAGED_CHUNKS).incrementAndGet();
            LOG.warn("chunk file " + f.path() + ": " + c.problem() + "; flushing the " + c.events().size()
                + " record(s) before it");
        }
        return c.events();
    }

    /** Every route is done: the file goes. */
    public void chunkDone(Chunk chunk) {
        incomplete.remove(chunk.id());
        ChunkFile f = files.remove(chunk.id());
        if (f == null) {
            return;
        }
        try {
            f.delete();
        } catch (IOException e) {
            LOG.warn("cannot delete " + f.path() + " (it will be re-sent after a restart): " + e.getMessage());
        }
    }

    /** The chunk is dropped from memory undelivered (shutdown past Grace, memrb): its file stays for next start. */
    public void abandon(Chunk chunk) {
        incomplete.remove(chunk.id());
        ChunkFile f = files.remove(chunk.id());
        if (f != null) {
            f.close();
        }
    }

    /** A chunk recovered from {@code file} at start-up: its delivery marks and deletion go through this store. */
    public void adopt(Chunk chunk, ChunkFile file) {
        files.put(chunk.id(), file);
    }

    private static SyncThread sync() {
        SyncThread t = syncThread;
        if (t == null) {
            synchronized (ChunkStore.class) {
                t = syncThread;
                if (t == null) {
                    t = new SyncThread();
                    t.start();
                    syncThread = t;
                }
            }
        }
        return t;
    }

    private record SyncRequest(List<ChunkFile> files, CompletableFuture<Void> done) {
    }

    /**
     * fsync off the input's thread (often a Netty event loop), as a group commit: every request queued while one
     * fsync runs shares the next one, so storage.sync full costs one fsync per batch of appends, not per append.
     */
    private static final class SyncThread extends Thread {
        private final LinkedBlockingQueue<SyncRequest> queue = new LinkedBlockingQueue<>();

        SyncThread() {
            super("flb-storage-sync");
            setDaemon(true);
        }

        void submit(SyncRequest r) {
            queue.add(r);
        }

        @Override
        public void run() {
            List<SyncRequest> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch);
                Map<ChunkFile, IOException> result = new java.util.IdentityHashMap<>();
                for (SyncRequest r : batch) {
                    for (ChunkFile f : r.files()) {
                        if (!result.containsKey(f)) {
                            try {
                                f.force();
                                result.put(f, null);
                            } catch (IOException e) {
                                result.put(f, e);
                            }
                        }
                    }
                }
                for (SyncRequest r : batch) {
                    IOException err = null;
                    for (ChunkFile f : r.files()) {
                        if (result.get(f) != null) {
                            err = result.get(f);
                        }
                    }
                    if (err == null) {
                        r.done().complete(null);
                    } else {
                        r.done().completeExceptionally(err);
                    }
                }
                batch.clear();
            }
        }
    }
}
