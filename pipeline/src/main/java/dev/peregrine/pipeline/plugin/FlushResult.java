package dev.peregrine.pipeline.plugin;

/** What an output's flush of one chunk came to; the engine owns what happens next (retry with backoff, drop). */
public enum FlushResult {
    /** Delivered: the chunk is released for this output. */
    OK,
    /** Not delivered, worth trying again later (throttling, a dead peer, a 5xx). */
    RETRY,
    /** Not deliverable: the chunk is dropped for this output and counted as an error. */
    ERROR
}
