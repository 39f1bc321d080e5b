package dev.peregrine.pipeline.storage;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.log.Log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Start-up scan of a filesystem input's directory (Fluent Bit's storage_backlog): lists the chunk files a previous
 * run left, then loads them one at a time as the backlog memory limit allows. A file that cannot be read never stops
 * the agent: it is reported with its path and reason and skipped, deleted (storage.delete_irrecoverable_chunks) or
 * moved to storage.rejected.path (storage.keep.rejected).
 */
public final class StorageRecovery {
    private static final Log LOG = Log.of("storage");

    private StorageRecovery() {
    }

    /**
     * A chunk read back from disk.
     *
     * @param chunk the records, sealed, ready to dispatch
     * @param file  its file, for delivery marks and deletion
     * @param done  outputs that already finished with it before the restart
     * @param bytes size of the file
     */
    public record Recovered(Chunk chunk, ChunkFile file, Set<String> done, long bytes) {
    }

    /** Chunk files in {@code dir}, oldest first; removes sidecars whose chunk is gone (crash while deleting). */
    public static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> sidecars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(ChunkFile.SUFFIX) && Files.isRegularFile(p)) {
                    out.add(p);
                } else if (n.endsWith(ChunkFile.DONE_SUFFIX)) {
                    sidecars.add(p);
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list storage directory " + dir + ": " + e.getMessage());
            return out;
        }
        for (Path s : sidecars) {
            String n = s.getFileName().toString();
            Path chunk = s.resolveSibling(n.substring(0, n.length() - ChunkFile.DONE_SUFFIX.length())
                + ChunkFile.SUFFIX);
            if (!Files.exists(chunk)) {
                try {
                    Files.deleteIfExists(s);
                } catch (IOException ignored) {
                    // An orphan sidecar is harmless; it is retried at the next start.
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /**
     * Reads one chunk file. Returns null when there is nothing to deliver: an empty chunk (deleted) or an unreadable
     * one (reported, then handled as the options say). A damaged tail is reported and the intact records returned.
     */
    public static Recovered load(Path file, StorageOptions o, StorageMetrics m) {
        ChunkFile.Contents c;
        long size;
        try {
            size = Files.size(file);
            c = ChunkFile.read(file);
        } catch (ChunkFileException e) {
            m.counter(StorageMetrics.IRRECOVERABLE_CHUNKS).incrementAndGet();
            reject(file, e.reason(), o);
            return null;
        } catch (IOException e) {
            m.counter(StorageMetrics.IRRECOVERABLE_CHUNKS).incrementAndGet();
            reject(file, "cannot read: " + e.getMessage(), o);
            return null;
        }
        if (c.problem() != null) {
            m.counter(StorageMetrics.DAMAGED_CHUNKS).incrementAndGet();
            LOG.warn("chunk file " + file + ": " + c.problem() + "; recovering the " + c.events().size()
                + " record(s) before it (" + (size - c.validBytes()) + " byte(s) dropped)");
            if (o.keepRejected()) {
                copyAside(file, o);
            }
        }
        Set<String> done;
        try {
            done = ChunkFile.readDone(file);
        } catch (IOException e) {
            // Without the marks the chunk goes to every route again: duplicates, never a loss.
            LOG.warn("chunk file " + file + ": cannot read delivery marks, re-sending to every output: "
                + e.getMessage());
            done = Set.of();
        }
        ChunkFile f = ChunkFile.existing(file, c.tag(), c.checksum(), size);
        if (c.events().isEmpty()) {
            try {
                f.delete();
            } catch (IOException e) {
                LOG.warn("cannot delete empty chunk file " + file + ": " + e.getMessage());
            }
            return null;
        }
        Chunk chunk = new Chunk(c.tag(), new ArrayList<>(c.events()));
        chunk.seal();
        m.counter(StorageMetrics.RECOVERED_CHUNKS).incrementAndGet();
        m.counter(StorageMetrics.RECOVERED_RECORDS).addAndGet(chunk.size());
        return new Recovered(chunk, f, done, size);
    }

    private static void reject(Path file, String reason, StorageOptions o) {
        String what = "chunk file " + file + ": " + reason;
        try {
            if (o.keepRejected()) {
                Path dest = rejectedPath(file, o);
                Files.move(file, dest, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(ChunkFile.donePath(file));
                LOG.error(what + "; moved to " + dest);
            } else if (o.deleteIrrecoverable()) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(ChunkFile.donePath(file));
                LOG.error(what + "; deleted (storage.delete_irrecoverable_chunks)");
            } else {
                LOG.error(what + "; skipped (left in place)");
            }
        } catch (IOException e) {
            LOG.error(what + "; skipped (could not move or delete it: " + e.getMessage() + ")");
        }
    }

    private static void copyAside(Path file, StorageOptions o) {
        try {
            Path dest = rejectedPath(file, o);
            Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("copy of damaged chunk file " + file + " kept as " + dest);
        } catch (IOException e) {
            LOG.warn("cannot keep a copy of " + file + ": " + e.getMessage());
        }
    }

    /** storage.rejected.path/&lt;input&gt;/&lt;file name&gt;. */
    private static Path rejectedPath(Path file, StorageOptions o) throws IOException {
        Path dir = o.rejectedPath().resolve(file.getParent().getFileName().toString());
        Files.createDirectories(dir);
        return dir.resolve(file.getFileName());
    }
}
