package dev.peregrine.pipeline.plugin;

public interface OutputFactory extends PluginFactory {
    @Override
    default PluginKind kind() {
        return PluginKind.OUTPUT;
    }

    /** The default number of flush workers for this output (Fluent Bit's per-plugin default). */
    default int defaultWorkers() {
        return 1;
    }

    Output create(PluginContext context) throws PluginConfigException;
}
