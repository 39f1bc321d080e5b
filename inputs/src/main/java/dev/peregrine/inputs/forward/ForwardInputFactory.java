package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;

/** Registers {@code forward}: a Fluentd Forward protocol server. */
public final class ForwardInputFactory implements InputFactory {
    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String description() {
        return "Fluentd in-forward";
    }

    @Override
    public List<OptionSpec> options() {
        return ForwardOptions.ALL;
    }

    @Override
    public Input create(PluginContext context) throws PluginConfigException {
        return new ForwardInput(context, ForwardOptions.from(context.options()));
    }
}
