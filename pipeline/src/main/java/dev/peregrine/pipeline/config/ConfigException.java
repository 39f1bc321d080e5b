package dev.peregrine.pipeline.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found in a config, reported at once. */
public class ConfigException extends Exception {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(Location at, String message) {
        this(List.of(new ConfigError(at, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
