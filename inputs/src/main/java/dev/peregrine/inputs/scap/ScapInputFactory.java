package dev.peregrine.inputs.scap;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public final class ScapInputFactory implements InputFactory {
    static final OptionSpec FILE = OptionSpec.str("file", null, "The capture to replay (.scap, gzip or plain)").req();
    static final OptionSpec EXIT_ON_EOF = OptionSpec.bool("exit_on_eof", "true",
        "Shut the agent down (flushing everything) once the capture is read");
    static final OptionSpec EXIT_EVENTS_ONLY = OptionSpec.bool("exit_events_only", "true",
        "Pass only exit events on, as Falco >= 0.42 evaluates rules (enter events still update state)");

    @Override
    public String name() {
        return "scap";
    }

    @Override
    public String description() {
        return "Replay a libscap capture file as syscall events";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(FILE, EXIT_ON_EOF, EXIT_EVENTS_ONLY);
    }

    @Override
    public Input create(PluginContext ctx) throws PluginConfigException {
        Path file = Path.of(ctx.options().str(FILE));
        if (!Files.isReadable(file)) {
            throw new PluginConfigException("file: " + file + " (expected: a readable .scap capture)");
        }
        return new ScapInput(ctx, file, ctx.options().bool(EXIT_ON_EOF), ctx.options().bool(EXIT_EVENTS_ONLY));
    }
}
