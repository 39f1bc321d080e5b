package dev.peregrine.pipeline.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A chunk file that cannot be used at all (bad or truncated header); the message names the file and the reason. */
public final class ChunkFileException extends IOException {
    private final transient Path file;
    private final String reason;

    public ChunkFileException(Path file, String reason) {
        super("chunk file " + file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
