package dev.peregrine.pipeline.plugin;

public interface FilterFactory extends PluginFactory {
    @Override
    default PluginKind kind() {
        return PluginKind.FILTER;
    }

    Filter create(PluginContext context) throws PluginConfigException;
}
