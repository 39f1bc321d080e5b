package dev.peregrine.pipeline.plugin;

import java.util.Set;

/**
 * An input instance. Lifecycle: created by its factory, {@link #start} once, then any number of {@link #pause} /
 * {@link #resume} (the engine pauses an input over its Mem_Buf_Limit), then {@link #stop} once.
 * Inputs deliver events through the {@link InputSink}; they may call it from any thread.
 */
public interface Input {
    void start(InputSink sink) throws Exception;

    /**
     * Called at most once, before {@link #start}, when filters matching this input's tag declared the event types
     * they need ({@link Filter#eventTypes}): the union of their answers. An input that can skip events at the source
     * narrows to these (plus what it needs itself); the others ignore it. Not called when no filter narrows.
     */
    default void selectEventTypes(Set<String> types) {
    }

    /**
     * Called at most once, before {@link #start} and after {@link #selectEventTypes}, when the first filter on this
     * input's tag drops every event whose type is not in {@code types} ({@link Filter#dropsOtherEventTypes}): events
     * of other types would be dropped there, so the input need not hand them on.
     */
    default void handOnEventTypes(Set<String> types) {
    }

    /** Stop producing until {@link #resume}; data already accepted must not be lost (stop reading, don't drop). */
    default void pause() {
    }

    default void resume() {
    }

    /** Stop producing and release resources; called once at shutdown or reload. */
    default void stop() {
    }
}
