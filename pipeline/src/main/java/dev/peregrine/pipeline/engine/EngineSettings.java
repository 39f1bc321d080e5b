package dev.peregrine.pipeline.engine;

/** The [SERVICE] settings the engine itself uses. */
public record EngineSettings(double flushSeconds, double graceSeconds, int schedulerBase, int schedulerCap) {
}
