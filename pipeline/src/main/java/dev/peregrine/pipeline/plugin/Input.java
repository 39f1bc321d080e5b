package dev.peregrine.pipeline.plugin;

/**
 * An input instance. Lifecycle: created by its factory, {@link #start} once, then any number of {@link #pause} /
 * {@link #resume} (the engine pauses an input over its Mem_Buf_Limit), then {@link #stop} once.
 * Inputs deliver events through the {@link InputSink}; they may call it from any thread.
 */
public interface Input {
    void start(InputSink sink) throws Exception;

    /** Stop producing until {@link #resume}; data already accepted must not be lost (stop reading, don't drop). */
    default void pause() {
    }

    default void resume() {
    }

    /** Stop producing and release resources; called once at shutdown or reload. */
    default void stop() {
    }
}
