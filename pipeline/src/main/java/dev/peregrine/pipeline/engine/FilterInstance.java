package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.PluginFactory;

import java.util.concurrent.atomic.AtomicLong;

/** A configured filter: its plugin, instance name, match rule and counters. */
public final class FilterInstance {
    final PluginFactory factory;
    final String name;
    final TagMatcher match;
    final Filter filter;
    final InstanceMetrics metrics;
    // Looked up once: the filter chain runs for every append, a single event at a time for some inputs.
    final AtomicLong records;
    final AtomicLong bytes;
    final AtomicLong dropRecords;
    final AtomicLong dropBytes;
    final AtomicLong addRecords;

    FilterInstance(PluginFactory factory, String name, TagMatcher match, Filter filter,
                   InstanceMetrics metrics) {
        this.factory = factory;
        this.name = name;
        this.match = match;
        this.filter = filter;
        this.metrics = metrics;
        this.records = metrics.counter("records");
        this.bytes = metrics.counter("bytes");
        this.dropRecords = metrics.counter("drop_records");
        this.dropBytes = metrics.counter("drop_bytes");
        this.addRecords = metrics.counter("add_records");
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
