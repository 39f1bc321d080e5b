package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.event.Chunk;

import java.util.concurrent.CompletionStage;

/**
 * An output instance. The engine calls {@link #flush} for each chunk routed here, on one of the output's worker
 * threads (Workers); the output answers OK, RETRY or ERROR and never retries by itself. It may complete the stage
 * later (asynchronous I/O) or return a completed stage after blocking work on the worker thread.
 */
public interface Output {
    CompletionStage<FlushResult> flush(Chunk chunk);

    /** Called once after the last flush (shutdown or reload). */
    default void stop() {
    }
}
