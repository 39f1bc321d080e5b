package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.PluginFactory;
import dev.peregrine.pipeline.storage.ChunkFile;
import dev.peregrine.pipeline.storage.ChunkStore;
import dev.peregrine.pipeline.storage.ChunksUp;
import dev.peregrine.pipeline.storage.StorageMetrics;
import io.netty.util.internal.ThreadExecutorMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured input and its buffer: events appended under a tag run through the matching filters and wait in an
 * open chunk per tag until the engine's next flush. Buffered bytes (not yet delivered to every route) count against
 * Mem_Buf_Limit: over it the input is paused, and resumed once deliveries bring it back under.
 */
public final class InputInstance implements InputSink {
    /** Chunks are cut at about this size, as Fluent Bit's ~2 MB chunks. */
    static final long CHUNK_BYTES = 2_000_000;

    /** Fluent Bit logs pause/resume under a plain "[input]" component. */
    private static final Log OVERLIMIT_LOG = Log.of("input");

    final PluginFactory factory;
    final String name;
    final String tag;
    final boolean tagSet;
    final long memBufLimit;
    final Input input;
    final InstanceMetrics metrics;
    // Looked up once: some inputs append one event at a time.
    private final AtomicLong records;
    private final AtomicLong bytes;
    final Log log;
    private final Engine engine;
    private final Map<String, Chunk> open = new LinkedHashMap<>();
    private final List<Chunk> sealed = new ArrayList<>();
    private final AtomicLong buffered = new AtomicLong();
    private volatile boolean paused;
    private boolean pausedForStorage;
    private volatile boolean stopped;
    /** Runs may-block filter chains for appends made on a Netty event loop ({@link #appendOffLoop}); lazily made. */
    private ExecutorService filterThread;

    // storage: set by PipelineBuilder from storage.type (dev.peregrine.pipeline.storage). store is null for memory
    // and memrb inputs; memrb drops the oldest chunks over Mem_Buf_Limit instead of pausing.
    private ChunkStore store;
    private String storageType = "memory";
    private boolean memrb;
    private StorageMetrics storageMetrics;
    private boolean pauseOnChunksOverlimit;
    private ChunksUp chunksUp;
    private final AtomicInteger liveChunks = new AtomicInteger();
    /** storage: live chunks put down (records only in their file, storage.max_chunks_up). */
    private final AtomicInteger downChunks = new AtomicInteger();

    InputInstance(Engine engine, PluginFactory factory, String name, String tag, boolean tagSet, long memBufLimit,
                  Input input, InstanceMetrics metrics) {
        this.engine = engine;
        this.factory = factory;
        this.name = name;
        this.tag = tag;
        this.tagSet = tagSet;
        this.memBufLimit = memBufLimit;
        this.input = input;
        this.metrics = metrics;
        this.records = metrics.counter("records");
        this.bytes = metrics.counter("bytes");
        this.log = Log.of("input:" + factory.name() + ":" + name);
    }

    /** The plugin's name, e.g. "dummy". */
    public String pluginName() {
        return factory.name();
    }

    public long memBufLimit() {
        return memBufLimit;
    }

    public String name() {
        return name;
    }

    public InstanceMetrics metrics() {
        return metrics;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public boolean tagSet() {
        return tagSet;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** Bytes accepted and not yet released by every output they route to. */
    public long bufferedBytes() {
        return buffered.get();
    }

    /** storage: wires storage.type; {@code store} non-null for filesystem, then its chunks count in {@code up}. */
    void storage(String type, ChunkStore store, StorageMetrics metrics, boolean pauseOnChunksOverlimit,
                 ChunksUp up) {
        this.storageType = type;
        this.memrb = "memrb".equals(type);
        this.store = store;
        this.storageMetrics = metrics;
        this.pauseOnChunksOverlimit = pauseOnChunksOverlimit && store != null;
        this.chunksUp = store == null ? null : up;
    }

    /** The chunk files of a filesystem input, or null. */
    public ChunkStore store() {
        return store;
    }

    /** memory, filesystem or memrb. */
    public String storageType() {
        return storageType;
    }

    /** Chunks of this input not yet done with: open, sealed, or dispatched (up or down). */
    public int chunkCount() {
        return liveChunks.get();
    }

    /** storage: of {@link #chunkCount()}, the chunks down (records only in their file). */
    public int downChunkCount() {
        return downChunks.get();
    }

    /** Chunks not yet handed to outputs (the rest of {@link #chunkCount()} is "busy"). */
    public synchronized int pendingChunkCount() {
        return open.size() + sealed.size();
    }

    /** storage: a chunk recovered from disk joins this input's accounting until released. */
    void adopted(Chunk c) {
        liveChunks.incrementAndGet();
        buffered.addAndGet(c.bytes());
        chunksUp.added();
    }

    /**
     * storage: drops a dispatched chunk's records from memory (they are in its file); false when it is already down
     * or its file does not hold all of it (a failed write). The caller holds no flush of it in progress.
     */
    boolean putDown(Chunk c) {
        synchronized (c) {
            if (store == null || !c.isUp() || !store.complete(c)) {
                return false;
            }
            c.down();
            downChunks.incrementAndGet();
            chunksUp.removed();
        }
        buffered.addAndGet(-c.bytes());
        return true;
    }

    /** storage: reads a down chunk's records back from its file before an output flushes it. */
    void bringUp(Chunk c) throws IOException {
        synchronized (c) {
            if (c.isUp()) {
                return;
            }
            c.up(store.read(c));
            downChunks.decrementAndGet();
            chunksUp.added();
        }
        buffered.addAndGet(c.bytes());
    }

    @Override
    public void requestShutdown() {
        engine.requestShutdown("input " + name);
    }

    @Override
    public void append(String tag, List<Event> events) {
        appendDurable(tag, events);
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /*
     * The append path is split into small methods: an input calls it for every batch (the tail input for every
     * buffer read), and one large method with its loops was compiled three times (twice on-stack) at 0.1-0.2 s of
     * compiler time each. The memory-only path does not walk the storage code, which is its own method.
     */
    @Override
    public CompletionStage<Void> appendDurable(String tag, List<Event> events) {
        if (events.isEmpty()) {
            return DONE;
        }
        if (ThreadExecutorMap.currentExecutor() != null && engine.chainMayBlock(tag)) {
            return appendOffLoop(tag, events);
        }
        return appendHere(tag, events);
    }

    private CompletionStage<Void> appendHere(String tag, List<Event> events) {
        records.addAndGet(events.size());
        bytes.addAndGet(sizeOf(events));
        List<Event> out = engine.runFilters(tag, events);
        if (out.isEmpty()) {
            return DONE;
        }
        return buffer(tag, retained(out));
    }

    /**
     * {@link #appendDurable} from a Netty event loop when the tag's filters may wait: the events are handed, in
     * order, to this input's filter thread, and the returned stage completes when they are buffered (a forward
     * client's ack waits for it, the loop does not). Waiting events count toward Mem_Buf_Limit, so a slow filter
     * pauses the input instead of queueing without bound.
     */
    private CompletionStage<Void> appendOffLoop(String tag, List<Event> events) {
        long size = sizeOf(events);
        long now = buffered.addAndGet(size);
        if (!memrb && overLimit(now) && !paused) {
            pause();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                buffered.addAndGet(-size);
                appendHere(tag, events).whenComplete((v, e) -> {
                    if (e == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException | Error e) {
                log.error("filters failed: " + e);
                done.completeExceptionally(e);
            } finally {
                maybeResume();
            }
        };
        try {
            filterThread().execute(task);
        } catch (RejectedExecutionException stopping) {
            task.run(); // stopped meanwhile: the last appends run here rather than being lost
        }
        return done;
    }

    /** The thread that runs this input's may-block filter chains (see {@link #appendOffLoop}); made on first use. */
    private synchronized ExecutorService filterThread() {
        if (filterThread == null) {
            filterThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "flb-filters-" + name);
                t.setDaemon(true);
                return t;
            });
        }
        return filterThread;
    }

    /** What the filters kept, into the tag's chunks (and their files with storage). */
    private CompletionStage<Void> buffer(String tag, List<Event> out) {
        if (store != null) {
            return appendStored(tag, out);
        }
        long added;
        boolean full;
        synchronized (this) {
            int sealedBefore = sealed.size();
            added = addToChunks(tag, out);
            full = sealed.size() != sealedBefore;
        }
        appended(added, full);
        return DONE;
    }

    @Override
    public Batch batch(String tag) {
        return new EventBatch(tag, engine.chainRun(tag));
    }

    /** {@link InputSink#batch}: the filter chain per event, counters and chunk append per batch. */
    private final class EventBatch implements Batch {
        private final String tag;
        private final Engine.ChainRun run;
        private final List<Event> kept = new ArrayList<>();
        private long n;
        private long size;

        EventBatch(String tag, Engine.ChainRun run) {
            this.tag = tag;
            this.run = run;
        }

        @Override
        public void add(Event event) {
            n++;
            size += event.sizeEstimate();
            List<Event> out = run.run(tag, event);
            for (int i = 0, k = out.size(); i < k; i++) {
                kept.add(out.get(i).retain());
            }
        }

        @Override
        public void close() {
            if (n == 0) {
                return;
            }
            records.addAndGet(n);
            bytes.addAndGet(size);
            n = 0;
            size = 0;
            run.flush();
            if (!kept.isEmpty()) {
                List<Event> out = new ArrayList<>(kept);
                kept.clear();
                buffer(tag, out);
            }
        }
    }

    /** The events in a form that outlives this append (live syscall records copied); the list itself if all do. */
    private static List<Event> retained(List<Event> events) {
        List<Event> copy = null;
        for (int i = 0, n = events.size(); i < n; i++) {
            Event e = events.get(i);
            Event r = e.retain();
            if (r != e && copy == null) {
                copy = new ArrayList<>(events);
            }
            if (copy != null) {
                copy.set(i, r);
            }
        }
        return copy == null ? events : copy;
    }

    private static long sizeOf(List<Event> events) {
        long n = 0;
        for (int i = 0, size = events.size(); i < size; i++) {
            n += events.get(i).sizeEstimate();
        }
        return n;
    }

    /** Adds the events to the tag's open chunk, cutting chunks at {@link #CHUNK_BYTES}; the caller holds the lock. */
    private long addToChunks(String tag, List<Event> out) {
        Chunk c = open.get(tag);
        long added = 0;
        for (int i = 0, n = out.size(); i < n; i++) {
            if (c == null) {
                c = openChunk(tag);
            }
            long before = c.bytes();
            c.add(out.get(i));
            long after = c.bytes();
            added += after - before;
            if (after >= CHUNK_BYTES) {
                sealChunk(tag, c);
                c = null;
            }
        }
        return added;
    }

    private Chunk openChunk(String tag) {
        Chunk c = new Chunk(tag);
        open.put(tag, c);
        liveChunks.incrementAndGet();
        if (chunksUp != null) {
            chunksUp.added();
        }
        return c;
    }

    private void sealChunk(String tag, Chunk c) {
        c.seal();
        if (store != null) {
            store.sealed(c);
        }
        sealed.add(c);
        open.remove(tag);
    }

    /** After an append: a cut chunk asks for a flush; the buffered bytes may pause the input or drop chunks. */
    private void appended(long added, boolean full) {
        if (full) {
            engine.flushSoon();
        }
        long now = buffered.addAndGet(added);
        if (memrb) {
            dropOldest();
        } else if (overLimit(now) && !paused) {
            pause();
        }
    }

    /** {@link #appendDurable} with storage: each chunk's share of the append is written to its file. */
    private CompletionStage<Void> appendStored(String tag, List<Event> out) {
        long added = 0;
        boolean full = false;
        // the files written by this append, and the first write error (records then stay memory-only)
        List<ChunkFile> written = new ArrayList<>(1);
        IOException writeError = null;
        synchronized (this) {
            Chunk c = open.get(tag);
            int segment = 0;
            for (int i = 0; i < out.size(); i++) {
                if (c == null) {
                    c = openChunk(tag);
                }
                long before = c.bytes();
                c.add(out.get(i));
                added += c.bytes() - before;
                boolean cut = c.bytes() >= CHUNK_BYTES;
                if (cut || i == out.size() - 1) {
                    // each chunk's share of this append is one write to its file, before it can be drained
                    try {
                        written.add(store.append(c, out.subList(segment, i + 1)));
                    } catch (IOException ex) {
                        if (writeError == null) {
                            writeError = ex;
                        }
                    }
                    segment = i + 1;
                }
                if (cut) {
                    sealChunk(tag, c);
                    c = null;
                    full = true;
                }
            }
        }
        appended(added, full);
        if (writeError != null) {
            log.error(writeError.getMessage() + " (records kept in memory only, not acknowledged as durable)");
            return CompletableFuture.failedFuture(writeError);
        }
        return store.durable(written);
    }

    /**
     * Over Mem_Buf_Limit, or (storage.pause_on_chunks_overlimit) at storage.max_chunks_up filesystem chunks up, all
     * inputs together as in Fluent Bit.
     */
    private boolean overLimit(long bytes) {
        return memOverLimit(bytes) || storageOverLimit();
    }

    private boolean memOverLimit(long bytes) {
        return memBufLimit > 0 && bytes >= memBufLimit;
    }

    private boolean storageOverLimit() {
        return pauseOnChunksOverlimit && chunksUp.reached();
    }

    /** memrb: over Mem_Buf_Limit, drop the oldest chunks not yet handed to outputs (counted), never pause. */
    private void dropOldest() {
        if (memBufLimit <= 0 || buffered.get() < memBufLimit) {
            return;
        }
        synchronized (this) {
            while (buffered.get() >= memBufLimit) {
                Chunk victim;
                if (!sealed.isEmpty()) {
                    victim = sealed.remove(0);
                } else if (!open.isEmpty()) {
                    String first = open.keySet().iterator().next();
                    victim = open.remove(first);
                } else {
                    return;
                }
                buffered.addAndGet(-victim.bytes());
                liveChunks.decrementAndGet();
                if (storageMetrics != null) {
                    storageMetrics.counter(StorageMetrics.MEMRB_DROPPED_CHUNKS).incrementAndGet();
                    storageMetrics.counter(StorageMetrics.MEMRB_DROPPED_BYTES).addAndGet(victim.bytes());
                }
            }
        }
    }

    private synchronized void pause() {
        if (!paused && !stopped) {
            paused = true;
            pausedForStorage = !memOverLimit(buffered.get());
            OVERLIMIT_LOG.warn(name + (!pausedForStorage ? " paused (mem buf overlimit)"
                : " paused (storage buf overlimit " + chunksUp.get() + "/" + chunksUp.max() + ")"));
            input.pause();
        }
    }

    /** Called by the engine when a chunk is done with (delivered, dropped or abandoned). */
    void release(Chunk c) {
        long bytes = c.bytes();
        if (chunksUp != null) {
            synchronized (c) {
                if (c.isUp()) {
                    chunksUp.removed();
                } else {
                    downChunks.decrementAndGet();
                    bytes = 0; // already released when it went down
                }
            }
        }
        buffered.addAndGet(-bytes);
        liveChunks.decrementAndGet();
        maybeResume();
    }

    /** Resumes a paused input once it is back under its limits (deliveries, or chunks put down). */
    void maybeResume() {
        if (paused && !overLimit(buffered.get())) {
            synchronized (this) {
                if (paused && !stopped && !overLimit(buffered.get())) {
                    paused = false;
                    OVERLIMIT_LOG.info(name + (pausedForStorage ? " resume (storage buf overlimit "
                        + chunksUp.get() + "/" + chunksUp.max() + ")" : " resume (mem buf overlimit)"));
                    input.resume();
                }
            }
        }
    }

    /** Takes every chunk with data, sealing the open ones; called by the engine at each flush. */
    synchronized List<Chunk> drain() {
        List<Chunk> out = new ArrayList<>(sealed);
        sealed.clear();
        for (Chunk c : open.values()) {
            c.seal();
            if (store != null) {
                store.sealed(c);
            }
            out.add(c);
        }
        open.clear();
        return out;
    }

    void start() throws Exception {
        input.start(this);
    }

    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            input.stop();
        } catch (RuntimeException e) {
            log.error("error while stopping: " + e);
        }
        ExecutorService f;
        synchronized (this) {
            f = filterThread;
        }
        if (f != null) {
            // what the input appended before it stopped is filtered and buffered before the engine's last flush
            f.shutdown();
            try {
                long grace = Math.max(1, Math.round(engine.settings().graceSeconds()));
                if (!f.awaitTermination(grace, TimeUnit.SECONDS)) {
                    log.warn("filters still running at shutdown; their records may be lost");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
