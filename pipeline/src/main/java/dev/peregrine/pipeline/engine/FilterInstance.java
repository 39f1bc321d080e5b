package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.PluginFactory;

/** A configured filter: its plugin, instance name, match rule and counters. */
public final class FilterInstance {
    final PluginFactory factory;
    final String name;
    final TagMatcher match;
    final Filter filter;
    final InstanceMetrics metrics;

    FilterInstance(PluginFactory factory, String name, TagMatcher match, Filter filter,
                   InstanceMetrics metrics) {
        this.factory = factory;
        this.name = name;
        this.match = match;
        this.filter = filter;
        this.metrics = metrics;
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
