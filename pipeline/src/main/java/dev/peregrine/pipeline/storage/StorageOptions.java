package dev.peregrine.pipeline.storage;

import dev.peregrine.pipeline.config.ServiceOptions;
import dev.peregrine.pipeline.plugin.Options;

import java.nio.file.Path;

/**
 * The [SERVICE] storage.* settings (Fluent Bit's defaults: sync normal, checksum off, max_chunks_up 128,
 * backlog.mem_limit 100M, backlog.flush_on_shutdown off, metrics on, delete_irrecoverable_chunks off,
 * keep.rejected off, rejected.path "rejected" under storage.path).
 *
 * @param path                 storage.path: root of the per-input chunk directories
 * @param syncFull             storage.sync full: fsync every write before it is acknowledged
 * @param checksum             storage.checksum: CRC32 on every write, verified at recovery
 * @param maxChunksUp          storage.max_chunks_up
 * @param backlogMemLimit      storage.backlog.mem_limit: bytes of recovered chunks loaded at once
 * @param flushBacklogOnShutdown storage.backlog.flush_on_shutdown
 * @param metrics              storage.metrics
 * @param deleteIrrecoverable  storage.delete_irrecoverable_chunks: delete unreadable files at start-up
 * @param keepRejected         storage.keep.rejected: move unreadable files aside instead
 * @param rejectedPath         storage.rejected.path
 */
public record StorageOptions(Path path, boolean syncFull, boolean checksum, int maxChunksUp, long backlogMemLimit,
                             boolean flushBacklogOnShutdown, boolean metrics, boolean deleteIrrecoverable,
                             boolean keepRejected, Path rejectedPath) {

    /** The storage settings of a resolved [SERVICE] section, or null when storage.path is not set. */
    public static StorageOptions from(Options service) {
        String p = service.str(ServiceOptions.STORAGE_PATH);
        if (p == null || p.isEmpty()) {
            return null;
        }
        Path root = Path.of(p);
        String sync = service.str(ServiceOptions.STORAGE_SYNC);
        String rejected = service.str(ServiceOptions.STORAGE_REJECTED_PATH);
        Path rej = rejected == null || rejected.isEmpty() ? root.resolve("rejected") : root.resolve(rejected);
        Long maxUp = service.integer(ServiceOptions.STORAGE_MAX_CHUNKS_UP);
        Long mem = service.size(ServiceOptions.STORAGE_BACKLOG_MEM_LIMIT);
        return new StorageOptions(root, "full".equalsIgnoreCase(sync),
            service.bool(ServiceOptions.STORAGE_CHECKSUM), maxUp == null ? 128 : maxUp.intValue(),
            mem == null ? 100L << 20 : mem, service.bool(ServiceOptions.STORAGE_BACKLOG_FLUSH_ON_SHUTDOWN),
            service.bool(ServiceOptions.STORAGE_METRICS), service.bool(ServiceOptions.STORAGE_DELETE_IRRECOVERABLE),
            service.bool(ServiceOptions.STORAGE_KEEP_REJECTED), rej);
    }

    /** Defaults under {@code path}, for tests. */
    public static StorageOptions defaults(Path path) {
        return new StorageOptions(path, false, false, 128, 100L << 20, false, true, false, false,
            path.resolve("rejected"));
    }

    public StorageOptions withChecksum(boolean on) {
        return new StorageOptions(path, syncFull, on, maxChunksUp, backlogMemLimit, flushBacklogOnShutdown, metrics,
            deleteIrrecoverable, keepRejected, rejectedPath);
    }

    public StorageOptions withKeepRejected(boolean on) {
        return new StorageOptions(path, syncFull, checksum, maxChunksUp, backlogMemLimit, flushBacklogOnShutdown,
            metrics, deleteIrrecoverable, on, rejectedPath);
    }
}
