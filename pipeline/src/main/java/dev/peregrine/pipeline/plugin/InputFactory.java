package dev.peregrine.pipeline.plugin;

public interface InputFactory extends PluginFactory {
    @Override
    default PluginKind kind() {
        return PluginKind.INPUT;
    }

    /** Creates an instance; validation of option combinations happens here and fails with a config error. */
    Input create(PluginContext context) throws PluginConfigException;
}
