package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;

import java.util.List;

/** Registers {@code stdout}: prints events to standard output. */
public final class StdoutOutputFactory implements OutputFactory {
    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public String description() {
        return "Prints events to STDOUT";
    }

    @Override
    public List<OptionSpec> options() {
        return StdoutOptions.SPECS;
    }

    @Override
    public Output create(PluginContext context) {
        StdoutOptions opts = StdoutOptions.from(context.options(), context.log());
        ServiceSettings s = context.service() == null ? ServiceSettings.DEFAULTS : context.service();
        StdoutFormatter f = new StdoutFormatter(opts, s.jsonEscapeUnicode(), s.jsonConvertNanToNull());
        return new StdoutOutput(f, null, context.log());
    }
}
