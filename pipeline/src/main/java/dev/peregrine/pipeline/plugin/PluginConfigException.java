package dev.peregrine.pipeline.plugin;

/** A plugin refused its configuration at creation (Fluent Bit: plugin init failure, exit 255). */
public class PluginConfigException extends Exception {
    public PluginConfigException(String message) {
        super(message);
    }

    public PluginConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
