package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.PluginFactory;
import dev.peregrine.pipeline.plugin.PluginKind;
import dev.peregrine.pipeline.storage.ChunkStore;
import dev.peregrine.pipeline.storage.ChunksUp;
import dev.peregrine.pipeline.storage.StorageBacklog;
import dev.peregrine.pipeline.storage.StorageMetrics;
import dev.peregrine.pipeline.storage.StorageOptions;
import dev.peregrine.pipeline.storage.StorageRecovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline at run time: inputs append events (filters run on the appending thread), every {@code Flush}
 * seconds the engine seals each input's chunks and hands each chunk to every output whose match accepts its tag.
 * Outputs answer OK, RETRY or ERROR; the engine owns retries (Retry_Limit, backoff with jitter) and releases a
 * chunk's bytes from its input's buffer once every route is done with it.
 *
 * <p>Threads: one scheduler thread ("engine") for flush timers and retries; each output has its own worker
 * thread(s); inputs use Netty event loops or the scheduler. Nothing here blocks an event loop.
 */
public final class Engine {
    private static final Log LOG = Log.of("engine");
    private static final Log TASK_LOG = Log.of("task");

    private final EngineSettings settings;
    final List<InputInstance> inputs = new CopyOnWriteArrayList<>();
    final List<FilterInstance> filters = new ArrayList<>();
    final List<OutputInstance> outputs = new ArrayList<>();
    private final Map<String, FilterInstance[]> filterCache = new ConcurrentHashMap<>();
    private final Map<String, OutputInstance[]> routeCache = new ConcurrentHashMap<>();
    private final Map<FilterInstance, InputInstance> emitters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong inflight = new AtomicLong();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<Long> errorTimes = new ArrayDeque<>();
    private final Deque<Long> retryFailTimes = new ArrayDeque<>();
    private final long startMillis = System.currentTimeMillis();
    private volatile boolean defaultRouteAll;
    private volatile Runnable onStopped = () -> { };

    Engine(EngineSettings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
    }

    public EngineSettings settings() {
        return settings;
    }

    public List<InputInstance> inputs() {
        return inputs;
    }

    public List<FilterInstance> filters() {
        return filters;
    }

    public List<OutputInstance> outputs() {
        return outputs;
    }

    public long startMillis() {
        return startMillis;
    }

    /** Whether shutdown has begun (SIGTERM, Exit_On_Eof, reload). */
    public boolean shuttingDown() {
        return shuttingDown.get();
    }

    void setDefaultRouteAll(boolean v) {
        defaultRouteAll = v;
    }

    /** Called once the engine has fully stopped (at once if it already has). */
    public void onStopped(Runnable r) {
        onStopped = r;
        if (stopped.getCount() == 0) {
            r.run();
        }
    }

    // storage: filesystem buffering (dev.peregrine.pipeline.storage). null options: storage.path not set.
    private volatile StorageOptions storage;
    private final StorageMetrics storageMetrics = new StorageMetrics();
    private final StorageBacklog backlog = new StorageBacklog();
    private final AtomicLong backlogBytes = new AtomicLong();
    private volatile ChunksUp chunksUp = new ChunksUp(128);

    void storage(StorageOptions o) {
        storage = o;
        chunksUp = new ChunksUp(o == null ? 128 : o.maxChunksUp());
    }

    /** storage.max_chunks_up and the filesystem chunks up now, all inputs together. */
    public ChunksUp chunksUp() {
        return chunksUp;
    }

    /** storage.* settings, or null when storage.path is not set. */
    public StorageOptions storageOptions() {
        return storage;
    }

    public StorageMetrics storageMetrics() {
        return storageMetrics;
    }

    /** Recovered chunk files not loaded yet ("down"). */
    public StorageBacklog backlog() {
        return backlog;
    }

    /** storage: queues every chunk file a previous run left, then loads what storage.backlog.mem_limit allows. */
    private void recoverStorage() {
        for (InputInstance in : inputs) {
            ChunkStore s = in.store();
            if (s != null) {
                for (java.nio.file.Path f : StorageRecovery.list(s.dir())) {
                    backlog.add(new StorageBacklog.Entry(in, s, f));
                }
            }
        }
        if (backlog.size() > 0) {
            LOG.info("storage: " + backlog.size() + " chunk file(s) to recover");
        }
        pumpBacklog(false);
    }

    /** storage: loads backlog files and dispatches each to the routes that still owe it. */
    private synchronized void pumpBacklog(boolean all) {
        StorageOptions so = storage;
        while (so != null && (all || backlogBytes.get() < so.backlogMemLimit())) {
            StorageBacklog.Entry e = backlog.poll();
            if (e == null) {
                return;
            }
            InputInstance in = (InputInstance) e.owner();
            StorageRecovery.Recovered r = StorageRecovery.load(e.file(), so, storageMetrics);
            if (r == null) {
                continue;
            }
            List<OutputInstance> owed = new ArrayList<>();
            for (OutputInstance o : routes(r.chunk().tag())) {
                if (!r.done().contains(o.name)) {
                    owed.add(o);
                }
            }
            if (owed.isEmpty()) {
                try {
                    r.file().delete();
                } catch (java.io.IOException ex) {
                    LOG.warn("cannot delete delivered chunk file " + e.file() + ": " + ex.getMessage());
                }
                continue;
            }
            e.store().adopt(r.chunk(), r.file());
            in.adopted(r.chunk());
            backlogBytes.addAndGet(r.chunk().bytes());
            dispatch(in, r.chunk(), owed.toArray(new OutputInstance[0]), true);
        }
    }

    /** Starts outputs' timers and inputs, then the flush timer. */
    public void start() throws Exception {
        long flushMillis = Math.max(1, Math.round(settings.flushSeconds() * 1000));
        if (storage != null) {
            recoverStorage();
        }
        for (InputInstance in : inputs) {
            selectEventTypes(in);
        }
        for (InputInstance in : inputs) {
            in.start();
        }
        scheduler.scheduleAtFixedRate(this::flushSafely, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    private void flushSafely() {
        try {
            flush();
        } catch (Throwable t) {
            LOG.error("flush failed: " + t);
        }
    }

    /**
     * Tells an input the event types the filters on its tag need (the union of their {@link Filter#eventTypes}),
     * when at least one of them narrows; filters that answer null do not count.
     */
    private void selectEventTypes(InputInstance in) {
        java.util.Set<String> union = null;
        for (FilterInstance f : chain(in.tag)) {
            java.util.Set<String> t;
            try {
                t = f.filter.eventTypes();
            } catch (RuntimeException e) {
                LOG.error("filter " + f.name + " failed to name its event types: " + e);
                return; // unknown needs: leave the input's own selection
            }
            if (t != null) {
                if (union == null) {
                    union = new java.util.TreeSet<>();
                }
                union.addAll(t);
            }
        }
        if (union != null) {
            in.input.selectEventTypes(java.util.Collections.unmodifiableSet(union));
            FilterInstance first = chain(in.tag)[0];
            java.util.Set<String> t = first.filter.eventTypes();
            if (t != null && first.filter.dropsOtherEventTypes()) {
                in.input.handOnEventTypes(java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(t)));
            }
        }
    }

    /** The last chain looked up: inputs that append one event at a time do so under the same tag string. */
    private record LastChain(String tag, FilterInstance[] chain) {
    }

    private volatile LastChain lastChain = new LastChain(null, null);

    /** The filters whose match accepts {@code tag}, in config order. */
    private FilterInstance[] chain(String tag) {
        LastChain last = lastChain;
        if (last.tag == tag) {
            return last.chain;
        }
        FilterInstance[] c = chainOf(tag);
        lastChain = new LastChain(tag, c);
        return c;
    }

    private FilterInstance[] chainOf(String tag) {
        return filterCache.computeIfAbsent(tag, t -> {
            List<FilterInstance> l = new ArrayList<>();
            for (FilterInstance f : filters) {
                if (f.match.matches(t)) {
                    l.add(f);
                }
            }
            return l.toArray(new FilterInstance[0]);
        });
    }

    /** Whether a filter on {@code tag}'s chain may wait ({@link dev.peregrine.pipeline.plugin.Filter#mayBlock}). */
    boolean chainMayBlock(String tag) {
        for (FilterInstance f : chain(tag)) {
            if (f.filter.mayBlock()) {
                return true;
            }
        }
        return false;
    }

    /** Runs the filters that match {@code tag} over {@code events}; returns what is left to buffer. */
    List<Event> runFilters(String tag, List<Event> events) {
        FilterInstance[] chain = chain(tag);
        if (chain.length == 0) {
            return events;
        }
        // Event by event through the whole chain: what each filter keeps, and what it emits to each tag, comes out
        // in the same order as filter by filter over the batch.
        ChainRun run = new ChainRun(chain);
        List<Event> out = new ArrayList<>(events.size());
        for (int i = 0, n = events.size(); i < n; i++) {
            List<Event> kept = run.run(tag, events.get(i));
            for (int j = 0, k = kept.size(); j < k; j++) {
                out.add(kept.get(j));
            }
        }
        run.flush();
        return out;
    }

    /** A reusable run of {@code tag}'s filter chain, one event at a time, for {@link InputInstance}'s batches. */
    ChainRun chainRun(String tag) {
        return new ChainRun(chain(tag));
    }

    /**
     * The filter chain run on one event at a time by one thread, with the filters' counters kept in plain fields
     * until {@link #flush()}: an input's batch ({@link InputInstance#batch}) reuses one for many single events, so
     * per event there are no lists, output objects or atomic additions (at a million syscall events a second those
     * were a tenth of the reader).
     */
    final class ChainRun {
        private final FilterInstance[] chain;
        private final long[] records;
        private final long[] bytes;
        private final long[] dropRecords;
        private final long[] dropBytes;
        private final long[] addRecords;
        private final Filter.FilterOutput[] outs;
        private List<Event> current = new ArrayList<>(4);
        private List<Event> next = new ArrayList<>(4);

        ChainRun(FilterInstance[] chain) {
            this.chain = chain;
            int n = chain.length;
            records = new long[n];
            bytes = new long[n];
            dropRecords = new long[n];
            dropBytes = new long[n];
            addRecords = new long[n];
            outs = new Filter.FilterOutput[n];
            for (int i = 0; i < n; i++) {
                FilterInstance f = chain[i];
                outs[i] = new Filter.FilterOutput() {
                    @Override
                    public void keep(Event e) {
                        next.add(e);
                    }

                    @Override
                    public void emit(String newTag, Event e) {
                        emitter(f).append(newTag, e);
                    }
                };
            }
        }

        /** Runs the chain on {@code event}; the result is valid until the next call. */
        List<Event> run(String tag, Event event) {
            current.clear();
            current.add(event);
            for (int i = 0; i < chain.length; i++) {
                FilterInstance f = chain[i];
                next.clear();
                for (int j = 0, n = current.size(); j < n; j++) {
                    Event e = current.get(j);
                    try {
                        f.filter.filter(tag, e, outs[i]);
                    } catch (RuntimeException ex) {
                        Log.of("filter:" + f.factory.name() + ":" + f.name).error("failed on a record, passing it on "
                            + "unchanged: " + ex);
                        next.add(e);
                    }
                }
                int in = current.size();
                long inBytes = bytes(current);
                records[i] += in;
                bytes[i] += inBytes;
                int diff = next.size() - in;
                if (diff < 0) {
                    dropRecords[i] -= diff;
                    dropBytes[i] += Math.max(0, inBytes - bytes(next));
                } else if (diff > 0) {
                    addRecords[i] += diff;
                }
                List<Event> t = current;
                current = next;
                next = t;
                if (current.isEmpty()) {
                    break;
                }
            }
            return current;
        }

        /** Adds the counted records and bytes to the filters' metrics. */
        void flush() {
            for (int i = 0; i < chain.length; i++) {
                FilterInstance f = chain[i];
                add(f.records, records, i);
                add(f.bytes, bytes, i);
                add(f.dropRecords, dropRecords, i);
                add(f.dropBytes, dropBytes, i);
                add(f.addRecords, addRecords, i);
            }
        }

        private static void add(java.util.concurrent.atomic.AtomicLong to, long[] from, int i) {
            if (from[i] != 0) {
                to.addAndGet(from[i]);
                from[i] = 0;
            }
        }
    }

    private static long bytes(List<Event> events) {
        long n = 0;
        for (Event e : events) {
            n += e.sizeEstimate();
        }
        return n;
    }

    /** The internal input that carries a filter's re-emitted records (Fluent Bit's emitter, for rewrite_tag). */
    private InputInstance emitter(FilterInstance f) {
        return emitters.computeIfAbsent(f, k -> {
            String name = "emitter_for_" + f.name;
            InputInstance in = new InputInstance(this, EMITTER, name, name, false, 0, new Input() {
                @Override
                public void start(dev.peregrine.pipeline.plugin.InputSink sink) {
                }
            }, PipelineBuilder.metricsFor(PluginKind.INPUT, name));
            inputs.add(in);
            return in;
        });
    }

    private static final PluginFactory EMITTER = new PluginFactory() {
        @Override
        public dev.peregrine.pipeline.plugin.PluginKind kind() {
            return dev.peregrine.pipeline.plugin.PluginKind.INPUT;
        }

        @Override
        public String name() {
            return "emitter";
        }

        @Override
        public String description() {
            return "records re-emitted by a filter";
        }

        @Override
        public List<dev.peregrine.pipeline.plugin.OptionSpec> options() {
            return List.of();
        }
    };

    OutputInstance[] routes(String tag) {
        return routeCache.computeIfAbsent(tag, t -> {
            List<OutputInstance> l = new ArrayList<>();
            for (OutputInstance o : outputs) {
                if (o.match.isEmpty() ? defaultRouteAll : o.match.matches(t)) {
                    l.add(o);
                }
            }
            return l.toArray(new OutputInstance[0]);
        });
    }

    private final AtomicBoolean flushQueued = new AtomicBoolean();

    /** A chunk reached its size: flush now rather than at the next timer tick (bounds memory under load). */
    void flushSoon() {
        if (flushQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    flushQueued.set(false);
                    flushSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushQueued.set(false);
            }
        }
    }

    /** Seals every input's chunks and dispatches them to their outputs. */
    public synchronized void flush() {
        for (InputInstance in : inputs) {
            for (Chunk c : in.drain()) {
                dispatch(in, c);
            }
        }
    }

    private void dispatch(InputInstance in, Chunk c) {
        dispatch(in, c, routes(c.tag()), false);
    }

    private void dispatch(InputInstance in, Chunk c, OutputInstance[] routes, boolean fromBacklog) {
        if (routes.length == 0) {
            if (in.store() != null) {
                in.store().chunkDone(c); // storage: nothing routes this tag: nothing to keep
            }
            in.release(c);
            return;
        }
        Task task = new Task(in, c, routes.length, fromBacklog);
        if (in.store() != null && chunksUp.over() && in.putDown(c)) {
            // storage.max_chunks_up: past the limit a chunk waits on disk; a worker brings it up to flush it.
            roomFreed();
        }
        inflight.incrementAndGet();
        if (TASK_LOG.isDebug()) {
            TASK_LOG.debug("created task_id=" + task.id + " chunk='" + c.id() + "' tag=" + c.tag() + " records="
                + c.size() + " routes=" + routes.length + " input=" + in.name);
        }
        for (OutputInstance o : routes) {
            if (in.store() != null && o.totalLimitSize > 0) {
                // storage: storage.total_limit_size: the oldest chunks queued for this output make room.
                for (Task victim : o.admit(task)) {
                    dropForLimit(victim, o);
                }
            }
            deliver(task, o, 0);
        }
    }

    /** storage: drops a chunk for one output over its storage.total_limit_size, as Fluent Bit does. */
    private void dropForLimit(Task task, OutputInstance o) {
        if (task.settled.contains(o.name)) {
            return;
        }
        o.metrics.counter("dropped_records").addAndGet(task.chunk.size());
        storageMetrics.counter(StorageMetrics.DROPPED_CHUNKS).incrementAndGet();
        storageMetrics.counter(StorageMetrics.DROPPED_BYTES).addAndGet(task.chunk.bytes());
        LOG.warn("chunk '" + task.chunk.id() + "' (" + task.chunk.size() + " records) dropped for output " + o.name
            + ": storage.total_limit_size " + o.totalLimitSize + " exceeded");
        routeDone(task, o);
    }

    private void deliver(Task task, OutputInstance o, int attempt) {
        try {
            o.workers.execute(() -> {
                if (task.settled.contains(o.name)) {
                    return; // storage: dropped by storage.total_limit_size while waiting
                }
                try {
                    beginFlush(task);
                } catch (java.io.IOException | RuntimeException e) {
                    o.log.error("cannot bring chunk '" + task.chunk.id() + "' up from its file: " + e.getMessage());
                    endFlush(task);
                    completed(task, o, attempt, FlushResult.RETRY);
                    settle(task);
                    return;
                }
                CompletionStage<FlushResult> st;
                try {
                    st = o.output.flush(task.chunk);
                } catch (Throwable t) {
                    o.log.error("flush failed: " + t);
                    endFlush(task);
                    completed(task, o, attempt, FlushResult.RETRY);
                    settle(task);
                    return;
                }
                st.whenComplete((r, ex) -> {
                    if (ex != null) {
                        o.log.error("flush failed: " + ex);
                        r = FlushResult.RETRY;
                    }
                    endFlush(task);
                    completed(task, o, attempt, r == null ? FlushResult.RETRY : r);
                    settle(task);
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            routeAbandoned(task, o);
        }
    }

    private void completed(Task task, OutputInstance o, int attempt, FlushResult r) {
        int n = task.chunk.size();
        String ids = "task_id=" + task.id + ", input=" + task.input.name + " > output=" + o.name;
        switch (r) {
            case OK -> {
                o.metrics.counter("proc_records").addAndGet(n);
                o.metrics.counter("proc_bytes").addAndGet(task.chunk.bytes());
                if (attempt > 0) {
                    LOG.info("flush chunk '" + task.chunk.id() + "' succeeded at retry " + attempt + ": " + ids);
                }
                routeDone(task, o);
            }
            case RETRY -> {
                if (o.retry.mayRetry(attempt) && !(shuttingDown.get() && pastGrace())) {
                    long wait = o.retry.backoffMillis(attempt + 1);
                    o.metrics.counter("retries").incrementAndGet();
                    o.metrics.counter("retried_records").addAndGet(n);
                    LOG.warn("failed to flush chunk '" + task.chunk.id() + "', retry in " + (wait / 1000)
                        + " seconds: " + ids);
                    scheduler.schedule(() -> deliver(task, o, attempt + 1), wait, TimeUnit.MILLISECONDS);
                } else {
                    o.metrics.counter("retries_failed").incrementAndGet();
                    o.metrics.counter("dropped_records").addAndGet(n);
                    note(retryFailTimes);
                    LOG.error("chunk '" + task.chunk.id() + "' cannot be retried: " + ids);
                    if (shuttingDown.get() && pastGrace()) {
                        routeAbandoned(task, o); // storage: a filesystem chunk stays on disk for the next start
                    } else {
                        routeDone(task, o);
                    }
                }
            }
            case ERROR -> {
                o.metrics.counter("errors").incrementAndGet();
                o.metrics.counter("dropped_records").addAndGet(n);
                note(errorTimes);
                routeDone(task, o);
            }
        }
    }

    private void note(Deque<Long> times) {
        synchronized (times) {
            times.addLast(System.currentTimeMillis());
            while (times.size() > 100_000) {
                times.removeFirst();
            }
        }
    }

    /** Errors (or failed retries) within the last {@code periodSeconds}. */
    public long recent(boolean retryFailures, long periodSeconds) {
        Deque<Long> times = retryFailures ? retryFailTimes : errorTimes;
        long since = System.currentTimeMillis() - periodSeconds * 1000;
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() < since) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    private void routeDone(Task task, OutputInstance o) {
        // storage: once per route (a route dropped by storage.total_limit_size may still complete later)
        if (!task.settled.add(o.name)) {
            return;
        }
        o.unqueue(task);
        ChunkStore s = task.input.store();
        if (s != null) {
            s.routeDone(task.chunk, o.name);
        }
        if (task.pending.decrementAndGet() == 0) {
            if (s != null) {
                s.chunkDone(task.chunk);
            }
            finished(task);
        }
    }

    /** storage: the route gave up at shutdown; a filesystem chunk is not marked done and is re-sent next start. */
    private void routeAbandoned(Task task, OutputInstance o) {
        ChunkStore s = task.input.store();
        if (s == null) {
            routeDone(task, o);
            return;
        }
        if (!task.settled.add(o.name)) {
            return;
        }
        o.unqueue(task);
        if (task.pending.decrementAndGet() == 0) {
            s.abandon(task.chunk);
            finished(task);
        }
    }

    /** storage: a flush of the chunk starts; a chunk that is down is read back from its file first. */
    private static void beginFlush(Task task) throws java.io.IOException {
        synchronized (task.chunk) {
            task.flushing++;
            if (!task.chunk.isUp()) {
                task.input.bringUp(task.chunk);
            }
        }
    }

    private static void endFlush(Task task) {
        synchronized (task.chunk) {
            task.flushing--;
        }
    }

    /**
     * storage: after a flush attempt, a chunk still owed (waiting for a retry or for another output) goes down while
     * more than storage.max_chunks_up chunks are up and no output is flushing it.
     */
    private void settle(Task task) {
        if (task.input.store() == null || !chunksUp.over()) {
            return;
        }
        boolean down;
        synchronized (task.chunk) {
            down = task.flushing == 0 && task.pending.get() > 0 && task.input.putDown(task.chunk);
        }
        if (down) {
            roomFreed();
        }
    }

    /** storage: fewer chunks up: inputs paused by storage.pause_on_chunks_overlimit may resume. */
    private void roomFreed() {
        for (InputInstance in : inputs) {
            in.maybeResume();
        }
    }

    private void finished(Task task) {
        task.input.release(task.chunk);
        if (task.input.store() != null) {
            roomFreed();
        }
        inflight.decrementAndGet();
        if (task.backlog) {
            backlogBytes.addAndGet(-task.chunk.bytes());
            if (backlog.size() > 0 && !shuttingDown.get()) {
                try {
                    scheduler.execute(() -> pumpBacklog(false));
                } catch (java.util.concurrent.RejectedExecutionException ignored) {
                    // Stopping: the rest of the backlog stays on disk for the next start.
                }
            }
        }
    }

    private volatile long graceDeadline = Long.MAX_VALUE;

    private boolean pastGrace() {
        return System.currentTimeMillis() >= graceDeadline;
    }

    /** Asks for a graceful shutdown from any thread (signal, input at EOF). Returns at once. */
    public void requestShutdown(String why) {
        Thread t = new Thread(() -> shutdown(why), "flb-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /**
     * Stops inputs, flushes what is buffered, waits up to Grace seconds for outputs (retries included), stops the
     * outputs and filters. Idempotent; returns when stopped.
     */
    public void shutdown(String why) {
        if (!shuttingDown.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        long graceMillis = Math.round(settings.graceSeconds() * 1000);
        graceDeadline = System.currentTimeMillis() + graceMillis;
        if (why != null) {
            LOG.info(why);
        }
        LOG.info("service will shutdown in max " + trim(settings.graceSeconds()) + " seconds");
        for (InputInstance in : inputs) {
            in.stop();
        }
        flush();
        if (storage != null && storage.flushBacklogOnShutdown()) {
            pumpBacklog(true); // storage.backlog.flush_on_shutdown
        }
        while (inflight.get() > 0 && !pastGrace()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inflight.get() > 0) {
            LOG.warn("grace period ended with " + inflight.get() + " chunk(s) not delivered");
        } else {
            LOG.info("service has stopped (0 pending tasks)");
        }
        for (OutputInstance o : outputs) {
            o.workers.shutdown();
            try {
                o.workers.awaitTermination(Math.max(100, graceDeadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                o.output.stop();
            } catch (RuntimeException e) {
                o.log.error("error while stopping: " + e);
            }
        }
        for (FilterInstance f : filters) {
            try {
                f.filter.stop();
            } catch (RuntimeException e) {
                LOG.error("filter " + f.name + " failed to stop: " + e);
            }
        }
        scheduler.shutdownNow();
        stopped.countDown();
        onStopped.run();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean awaitStopped(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Chunks handed to outputs and not yet done with. */
    public long inflightChunks() {
        return inflight.get();
    }

    private static final AtomicLong TASK_IDS = new AtomicLong();

    static final class Task {
        final long id = TASK_IDS.getAndIncrement();
        final InputInstance input;
        final Chunk chunk;
        final java.util.concurrent.atomic.AtomicInteger pending;
        /** storage: names of the routes done with this chunk (each settles once). */
        final java.util.Set<String> settled = ConcurrentHashMap.newKeySet();
        /** storage: recovered at start-up (counts against storage.backlog.mem_limit). */
        final boolean backlog;
        /** storage: flushes of the chunk in progress (guarded by the chunk); it goes down only at zero. */
        int flushing;

        Task(InputInstance input, Chunk chunk, int routes, boolean backlog) {
            this.input = input;
            this.chunk = chunk;
            this.pending = new java.util.concurrent.atomic.AtomicInteger(routes);
            this.backlog = backlog;
        }
    }
}
