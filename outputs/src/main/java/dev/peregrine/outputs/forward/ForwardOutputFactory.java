package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;

/** Registers {@code forward}: sends chunks to a Fluentd / Fluent Bit forward server. */
public final class ForwardOutputFactory implements OutputFactory {
    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String description() {
        return "Forward (Fluentd protocol)";
    }

    @Override
    public List<OptionSpec> options() {
        return ForwardOutputOptions.ALL;
    }

    /** out_forward runs two flush workers by default in Fluent Bit. */
    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public Output create(PluginContext context) throws PluginConfigException {
        return new ForwardOutput(context, ForwardOutputOptions.from(context.options()));
    }
}
