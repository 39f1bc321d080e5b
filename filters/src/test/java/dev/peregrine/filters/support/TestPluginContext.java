package dev.peregrine.filters.support;

import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** A plugin context for filter tests: options from properties, a parser registry, no event loops. */
public record TestPluginContext(String name, Options options, ParserRegistry parsers) implements PluginContext {

    public static TestPluginContext of(FilterFactory f, ParserRegistry parsers, List<Property> props) {
        return new TestPluginContext(f.name() + ".0", TestOptions.of(f.options(), props), parsers);
    }

    public static TestPluginContext of(FilterFactory f, String... kv) {
        return of(f, new ParserRegistry(), TestOptions.props(kv));
    }

    @Override
    public Log log() {
        return Log.of("filter:" + name.substring(0, name.indexOf('.')) + ":" + name);
    }

    @Override
    public ServiceSettings service() {
        return ServiceSettings.DEFAULTS;
    }

    @Override
    public EventLoopGroup eventLoops() {
        return null;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return null;
    }

    @Override
    public InstanceMetrics metrics() {
        return new InstanceMetrics(name);
    }
}
