package dev.peregrine.pipeline.config;

/** One problem found in a config: where, and what (the message names the value and what was expected). */
public record ConfigError(Location location, String message) {
    @Override
    public String toString() {
        return location == null ? message : location + ": " + message;
    }
}
