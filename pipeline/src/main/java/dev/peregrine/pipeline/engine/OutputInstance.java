package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.PluginFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A configured output: its plugin, match rule, retry policy, worker threads and counters. */
public final class OutputInstance {
    final PluginFactory factory;
    final String name;
    final TagMatcher match;
    final RetryPolicy retry;
    final Output output;
    final ExecutorService workers;
    final InstanceMetrics metrics;
    final Log log;
    /** storage: storage.total_limit_size (0: none) and this output's filesystem chunks not yet done, oldest first. */
    long totalLimitSize;
    private final java.util.ArrayDeque<Engine.Task> fsQueue = new java.util.ArrayDeque<>();
    private long fsQueuedBytes;

    OutputInstance(PluginFactory factory, String name, TagMatcher match, RetryPolicy retry, int workerCount,
                   Output output, InstanceMetrics metrics) {
        this.factory = factory;
        this.name = name;
        this.match = match;
        this.retry = retry;
        this.output = output;
        this.metrics = metrics;
        this.log = Log.of("output:" + factory.name() + ":" + name);
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, workerCount);
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "flb-out-" + name + "-w" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
    }

    /** storage: queues a filesystem chunk; returns the oldest ones to drop to stay within storage.total_limit_size. */
    synchronized java.util.List<Engine.Task> admit(Engine.Task t) {
        fsQueue.addLast(t);
        fsQueuedBytes += t.chunk.bytes();
        java.util.List<Engine.Task> victims = new java.util.ArrayList<>();
        while (fsQueuedBytes > totalLimitSize && fsQueue.size() > 1) {
            Engine.Task v = fsQueue.pollFirst();
            fsQueuedBytes -= v.chunk.bytes();
            victims.add(v);
        }
        return victims;
    }

    /** storage: the chunk is done for this output. */
    synchronized void unqueue(Engine.Task t) {
        if (totalLimitSize > 0 && fsQueue.remove(t)) {
            fsQueuedBytes -= t.chunk.bytes();
        }
    }

    /** storage: bytes of filesystem chunks queued for this output (with storage.total_limit_size set). */
    public synchronized long queuedStorageBytes() {
        return fsQueuedBytes;
    }

    public long totalLimitSize() {
        return totalLimitSize;
    }

    /** The plugin's name, e.g. "dummy". */
    public String pluginName() {
        return factory.name();
    }

    public String name() {
        return name;
    }

    public InstanceMetrics metrics() {
        return metrics;
    }
}
