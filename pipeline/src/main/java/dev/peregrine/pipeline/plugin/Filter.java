package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.event.Event;

import java.util.Set;

/**
 * A filter instance: called for each event whose tag matches, in config order with the other filters, on the thread
 * that appended the event. It keeps, drops, modifies or splits the event by what it passes to {@code out}, and may
 * re-tag events with {@link FilterOutput#emit} (they re-enter the pipeline as from an input).
 */
public interface Filter {
    void filter(String tag, Event event, FilterOutput out);

    default void stop() {
    }

    /**
     * The event types (typed events' own names, e.g. system calls: {@code openat}, {@code execve}) this filter
     * needs, or null (the default) when it does not narrow them. Asked once, after every plugin is created and
     * before any input starts: the engine unites the answers of the filters matching an input's tag and passes
     * them to {@link Input#selectEventTypes}, so an input that can select at the source (the syscall input, in the
     * kernel) produces nothing that no filter needs; outputs downstream then see that selection too. Filters that
     * do not look at event types keep the default.
     */
    default Set<String> eventTypes() {
        return null;
    }

    /**
     * True when this filter keeps nothing and emits nothing for an event whose type is not in its
     * {@link #eventTypes} (the falco filter without Keep_Events). When the first filter on an input's tag says so,
     * the engine tells the input ({@link Input#handOnEventTypes}), which may then skip the others after using them
     * itself (the syscall input still applies them to its process state).
     */
    default boolean dropsOtherEventTypes() {
        return false;
    }

    /**
     * True when {@link #filter} may wait (the kubernetes filter waits up to Kube_Meta_Wait for an API lookup). The
     * engine never runs such a chain on a Netty event loop: an input appending from one (forward) has the chain run
     * on a thread of its own instead, so that one slow lookup does not stall every connection on that loop.
     */
    default boolean mayBlock() {
        return false;
    }

    /** Where a filter puts its result for one event. */
    interface FilterOutput {
        /** Passes an event on to the next filter (the same event when unchanged). */
        void keep(Event event);

        /** Re-emits an event under a new tag (rewrite_tag); it goes through the filters again. */
        void emit(String tag, Event event);
    }
}
