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
