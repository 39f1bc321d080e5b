package dev.peregrine.outputs.file;

import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;

import java.util.List;

/** Registers {@code file}: generates log files. */
public final class FileOutputFactory implements OutputFactory {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "Generate log file";
    }

    @Override
    public List<OptionSpec> options() {
        return FileOptions.SPECS;
    }

    @Override
    public Output create(PluginContext context) throws PluginConfigException {
        FileOptions opts = FileOptions.from(context.options());
        ServiceSettings s = context.service() == null ? ServiceSettings.DEFAULTS : context.service();
        JsonEncoder json = new JsonEncoder(s.jsonEscapeUnicode(), s.jsonConvertNanToNull());
        return new FileOutput(opts, new FileRecordEncoder(opts, json), context.log());
    }
}
