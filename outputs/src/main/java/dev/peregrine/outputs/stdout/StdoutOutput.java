package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.Output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Prints each chunk to standard output in one write, flushed at once (Fluent Bit fflush()es after each chunk, and
 * other outputs' text must not interleave inside a chunk). The encoding buffer is reused between chunks.
 */
public final class StdoutOutput implements Output {
    private final StdoutFormatter formatter;
    private final OutputStream out;
    private final Log log;
    private final ByteSink buffer = new ByteSink(8192);

    /** @param out where to write, or null for {@link System#out} as it is at each flush (tests may replace it) */
    public StdoutOutput(StdoutFormatter formatter, OutputStream out, Log log) {
        this.formatter = formatter;
        this.out = out;
        this.log = log;
    }

    @Override
    public CompletionStage<FlushResult> flush(Chunk chunk) {
        FlushResult r;
        synchronized (buffer) {
            buffer.reset();
            try {
                formatter.format(chunk, buffer);
            } catch (RuntimeException e) {
                log.error("could not format chunk: " + e);
                return CompletableFuture.completedFuture(FlushResult.ERROR);
            }
            OutputStream o = out != null ? out : System.out;
            synchronized (o) {
                try {
                    buffer.writeTo(o);
                    o.flush();
                    r = FlushResult.OK;
                } catch (IOException e) {
                    log.error("write to stdout failed: " + e.getMessage());
                    r = FlushResult.RETRY;
                }
            }
            if (buffer.array().length > (4 << 20)) {
                // do not keep a huge buffer after an unusually big chunk
                buffer.reset();
            }
        }
        return CompletableFuture.completedFuture(r);
    }
}
