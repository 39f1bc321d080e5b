package dev.peregrine.outputs.file;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.Output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Appends each chunk to its file (cb_file_flush): {@code Path/File}, or {@code Path/<tag>} with the tag sanitised
 * as Fluent Bit does; the file is opened in append mode per chunk and closed after it. With Mkdir, missing
 * directories are created when the open fails for that reason. A file that cannot be opened fails the chunk (ERROR).
 */
public final class FileOutput implements Output {
    private final FileOptions options;
    private final FileRecordEncoder encoder;
    private final Log log;

    public FileOutput(FileOptions options, FileRecordEncoder encoder, Log log) {
        this.options = options;
        this.encoder = encoder;
        this.log = log;
    }

    @Override
    public CompletionStage<FlushResult> flush(Chunk chunk) {
        Path target = target(chunk.tag());
        ByteSink buf = new ByteSink(Math.max(256, (int) Math.min(chunk.bytes() * 2, 1 << 20)));
        try (OutputStream os = open(target)) {
            if (options.format() == FileFormat.MSGPACK) {
                os.write(chunk.toMsgpack());
            } else {
                boolean header = options.format() == FileFormat.CSV && options.csvColumnNames()
                        && Files.size(target) == 0;
                byte[] tag = chunk.tag().getBytes(StandardCharsets.UTF_8);
                for (Event e : chunk.events()) {
                    encoder.encode(tag, e, header, buf);
                    header = false;
                }
                buf.writeTo(os);
            }
        } catch (IOException e) {
            log.error("error opening: " + target + " (" + e.getMessage() + ")");
            return CompletableFuture.completedFuture(FlushResult.ERROR);
        }
        return CompletableFuture.completedFuture(FlushResult.OK);
    }

    /** The file for a tag. */
    Path target(String tag) {
        String name = options.file() != null ? options.file() : sanitizeTag(tag);
        return options.path() != null ? Path.of(options.path() + "/" + name) : Path.of(name);
    }

    private OutputStream open(Path p) throws IOException {
        try {
            return Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            if (!options.mkdir() || p.toAbsolutePath().getParent() == null) {
                throw e;
            }
            Files.createDirectories(p.toAbsolutePath().getParent());
            return Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * sanitize_tag_name: split at / and \, drop empty parts, "." and ".." become "_", characters other than
     * ASCII letters, digits, '-', '_' and '.' become '_', parts joined with '/'; an empty result is "_".
     */
    static String sanitizeTag(String tag) {
        byte[] b = tag.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            while (i < b.length && (b[i] == '/' || b[i] == '\\')) {
                i++;
            }
            if (i >= b.length) {
                break;
            }
            int start = i;
            while (i < b.length && b[i] != '/' && b[i] != '\\') {
                i++;
            }
            int len = i - start;
            if (out.length() > 0) {
                out.append('/');
            }
            if ((len == 1 && b[start] == '.') || (len == 2 && b[start] == '.' && b[start + 1] == '.')) {
                out.append('_');
                continue;
            }
            for (int k = start; k < i; k++) {
                int c = b[k] & 0xFF;
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.';
                out.append(ok ? (char) c : '_');
            }
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
