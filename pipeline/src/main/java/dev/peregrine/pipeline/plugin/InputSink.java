package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.event.Event;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where an input hands its events to the engine. Thread-safe. */
public interface InputSink {
    /** The instance's Tag (the instance name when no Tag was set). */
    String tag();

    /** Whether the user set Tag explicitly. */
    boolean tagSet();

    /** Appends events under a tag; filters run here, then the events wait in a chunk for the next flush. */
    void append(String tag, List<Event> events);

    /**
     * As {@link #append}, and completes once the records are durable: at once for memory inputs, after the chunk
     * file write (and fsync with storage.sync full) for storage.type filesystem. Inputs that acknowledge to their
     * client (forward) ack on completion; an exceptional completion means the records are not stored durably.
     */
    default CompletionStage<Void> appendDurable(String tag, List<Event> events) {
        append(tag, events);
        return CompletableFuture.completedFuture(null);
    }

    default void append(String tag, Event event) {
        append(tag, List.of(event));
    }

    /**
     * Events appended one at a time, each through the filters at once (a filter sees the source's live state for
     * exactly that event, as with {@link #append(String, Event)}), while what an append costs besides the filters
     * (metrics, the chunk) is paid once, at {@link Batch#close()}. For sources that hand on millions of single
     * events (the syscall reader). One thread per batch.
     */
    default Batch batch(String tag) {
        return new Batch() {
            @Override
            public void add(Event event) {
                append(tag, event);
            }

            @Override
            public void close() {
            }
        };
    }

    /** See {@link #batch(String)}. */
    interface Batch extends AutoCloseable {
        /** Runs the filters on {@code event} now; what they keep is buffered when the batch closes. */
        void add(Event event);

        /** Adds what the filters kept to the input's chunks and counts the batch in the metrics. */
        @Override
        void close();
    }

    /** Whether the engine has paused this input (over Mem_Buf_Limit). */
    boolean paused();

    /**
     * Asks the agent to shut down as after SIGTERM (e.g. tail's Exit_On_Eof): flush what is buffered, then exit.
     */
    void requestShutdown();
}
