package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.ConfigError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot run, with the stage at which it failed; the stage decides the exit code as in Fluent Bit
 * (reading and structure: 1; option checks: 255 at start, 1 with --dry-run; plugin initialisation: 255).
 */
public final class PipelineException extends Exception {
    public enum Stage { STRUCTURE, OPTIONS, INIT }

    private final Stage stage;
    private final List<ConfigError> errors;

    public PipelineException(Stage stage, List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.stage = stage;
        this.errors = List.copyOf(errors);
    }

    public Stage stage() {
        return stage;
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
