package dev.peregrine.outputs.nullout;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Registers {@code null}: throws away events. */
public final class NullOutputFactory implements OutputFactory {
    @Override
    public String name() {
        return "null";
    }

    @Override
    public String description() {
        return "Throws away events";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public Output create(PluginContext context) {
        return new NullOutput();
    }

    /** Answers OK to every chunk without reading it. */
    public static final class NullOutput implements Output {
        private static final CompletionStage<FlushResult> OK = CompletableFuture.completedFuture(FlushResult.OK);

        @Override
        public CompletionStage<FlushResult> flush(Chunk chunk) {
            return OK;
        }
    }
}
