/**
 * Filesystem buffering ({@code storage.type filesystem}): every chunk an input fills is also appended to a file under
 * {@code storage.path/<input>/} as records arrive, so that a crash (kill -9, power loss with {@code storage.sync
 * full}) loses nothing that was acknowledged. Per-output delivery is recorded in a sidecar so a restart re-sends a
 * chunk only to the outputs that still owe it; files are deleted once every route is done.
 *
 * <p>{@link dev.peregrine.pipeline.storage.ChunkFile} is the on-disk format, {@link
 * dev.peregrine.pipeline.storage.ChunkStore} one input's directory, {@link
 * dev.peregrine.pipeline.storage.StorageRecovery} the start-up scan (Fluent Bit's storage_backlog), {@link
 * dev.peregrine.pipeline.storage.ChunksUp} storage.max_chunks_up (chunks past it are "down": records only on disk,
 * read back just before a flush) and {@link
 * dev.peregrine.pipeline.storage.StorageMetrics} the counters shown in /api/v1/storage and Prometheus.
 */
package dev.peregrine.pipeline.storage;
