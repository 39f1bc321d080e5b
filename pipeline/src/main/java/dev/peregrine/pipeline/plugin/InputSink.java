package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.event.Event;

import java.util.List;

/** Where an input hands its events to the engine. Thread-safe. */
public interface InputSink {
    /** The instance's Tag (the instance name when no Tag was set). */
    String tag();

    /** Whether the user set Tag explicitly. */
    boolean tagSet();

    /** Appends events under a tag; filters run here, then the events wait in a chunk for the next flush. */
    void append(String tag, List<Event> events);

    default void append(String tag, Event event) {
        append(tag, List.of(event));
    }

    /** Whether the engine has paused this input (over Mem_Buf_Limit). */
    boolean paused();

    /**
     * Asks the agent to shut down as after SIGTERM (e.g. tail's Exit_On_Eof): flush what is buffered, then exit.
     */
    void requestShutdown();
}
