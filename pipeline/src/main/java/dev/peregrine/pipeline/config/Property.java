package dev.peregrine.pipeline.config;

/** One key/value line of a section. The key is lowercase; the value is as written (before ${VAR} expansion). */
public record Property(String key, String value, Location location) {
}
