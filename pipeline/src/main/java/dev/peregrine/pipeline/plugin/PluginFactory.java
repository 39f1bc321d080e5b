package dev.peregrine.pipeline.plugin;

import java.util.List;

/**
 * A plugin type, found with {@link java.util.ServiceLoader}. It declares its name, its options as data and creates
 * instances. Implementations are one of {@link InputFactory}, {@link FilterFactory} or {@link OutputFactory}.
 */
public interface PluginFactory {
    PluginKind kind();

    /** The name used in configs (case-insensitive), e.g. "dummy". */
    String name();

    /** Other names accepted for this plugin (e.g. "cloudwatch" for "cloudwatch_logs"). */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for {@code -h}. */
    String description();

    /** This plugin's own options; the generic ones (Tag, Match, Retry_Limit, ...) are the core's. */
    List<OptionSpec> options();
}
