package dev.peregrine.inputs.syscall;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;

/** The {@code syscall} input: system call events from eBPF, with process and fd state. */
public final class SyscallInputFactory implements InputFactory {
    @Override
    public String name() {
        return "syscall";
    }

    @Override
    public String description() {
        return "System call events from eBPF (Falco's modern_bpf event format) with process and fd state";
    }

    @Override
    public List<OptionSpec> options() {
        return SyscallOptions.ALL;
    }

    @Override
    public Input create(PluginContext context) throws PluginConfigException {
        return new SyscallInput(SyscallOptions.from(context.options()), context.log(), context.metrics(),
                context.name());
    }
}
