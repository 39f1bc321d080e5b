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
    private final String helpFlags;

    public PipelineException(Stage stage, List<ConfigError> errors) {
        this(stage, errors, null);
    }

    /** @param helpFlags the flags that show the options of the plugin at fault, e.g. "-i dummy -h" */
    public PipelineException(Stage stage, List<ConfigError> errors, String helpFlags) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.stage = stage;
        this.errors = List.copyOf(errors);
        this.helpFlags = helpFlags;
    }

    /** Flags for {@code peregrine} that list the options of the first plugin with an unknown option, or null. */
    public String helpFlags() {
        return helpFlags;
    }

    public Stage stage() {
        return stage;
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
