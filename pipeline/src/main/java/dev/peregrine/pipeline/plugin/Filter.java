package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.event.Event;

/**
 * A filter instance: called for each event whose tag matches, in config order with the other filters, on the thread
 * that appended the event. It keeps, drops, modifies or splits the event by what it passes to {@code out}, and may
 * re-tag events with {@link FilterOutput#emit} (they re-enter the pipeline as from an input).
 */
public interface Filter {
    void filter(String tag, Event event, FilterOutput out);

    default void stop() {
    }

    /** Where a filter puts its result for one event. */
    interface FilterOutput {
        /** Passes an event on to the next filter (the same event when unchanged). */
        void keep(Event event);

        /** Re-emits an event under a new tag (rewrite_tag); it goes through the filters again. */
        void emit(String tag, Event event);
    }
}
