package dev.peregrine.inputs.syscall;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of the {@code syscall} input, as data, with Falco's defaults: an 8 MiB ring buffer
 * ({@code syscall_buf_size_preset} 4), failed exits kept, drop alerts over 10% lost events.
 *
 * @param bufferSize         ring buffer bytes: the option rounded up to a power of two
 * @param syscalls           system calls always reported: the base set plus {@code Syscalls}
 * @param hostRoot           where the host's /proc and /etc are ({@code HOST_ROOT} in Falco)
 * @param dropFailedExit     drop events of failed system calls in the kernel
 * @param dropAlertThreshold fraction of lost events in one second above which drops are reported
 * @param bpfObject          a BPF object to load instead of the bundled one (development), or null
 */
public record SyscallOptions(long bufferSize, Set<String> syscalls, Path hostRoot, boolean dropFailedExit,
                             double dropAlertThreshold, Path bpfObject) {
    static final OptionSpec BUFFER_SIZE = OptionSpec.size("buffer_size", "8M",
            "Ring buffer size shared by all CPUs (power of two); a full buffer drops events");
    static final OptionSpec SYSCALLS = OptionSpec.clist("syscalls", "",
            "System calls always reported, besides the base set that process and fd state needs and the event types"
                    + " the filters on this input's tag need (the falco filter's rules); with no such filter every"
                    + " supported system call is reported");
    static final OptionSpec HOST_ROOT = OptionSpec.str("host_root", "/",
            "Directory holding the host's /proc and /etc (when the agent runs in a container)");
    static final OptionSpec DROP_FAILED_EXIT = OptionSpec.bool("drop_failed_exit", "false",
            "Drop events of failed system calls in the kernel");
    static final OptionSpec DROP_ALERT_THRESHOLD = OptionSpec.dbl("drop_alert_threshold", "0.1",
            "Fraction of events lost in one second above which the drop is reported (0..1)");
    static final OptionSpec BPF_OBJECT = OptionSpec.str("bpf_object", null,
            "Path of a BPF object to load instead of the bundled one (development)");

    static final List<OptionSpec> ALL = List.of(BUFFER_SIZE, SYSCALLS, HOST_ROOT, DROP_FAILED_EXIT,
            DROP_ALERT_THRESHOLD, BPF_OBJECT);

    /** Defaults, for tests and the load driver. */
    public static SyscallOptions defaults() {
        Set<String> sc = new LinkedHashSet<>(SyscallSet.BASE);
        return new SyscallOptions(8 << 20, sc, Path.of("/"), false, 0.1, null);
    }

    static SyscallOptions from(Options o) throws PluginConfigException {
        long given = o.size(BUFFER_SIZE);
        if (given < 1 || given > (1L << 30)) {
            throw new PluginConfigException("buffer_size: " + given + " (expected: 4K..1G, e.g. 8M)");
        }
        // The kernel wants a power of two of at least a page; sizes are decimal here (8M = 8000000), so round
        // up (to 8 MiB).
        long size = given <= 4096 ? 4096 : Long.bitCount(given) == 1 ? given : Long.highestOneBit(given) << 1;
        Set<String> sc = new LinkedHashSet<>(SyscallSet.BASE);
        List<String> extra = o.list(SYSCALLS);
        Set<String> bad = SyscallSet.unsupported(extra);
        if (!bad.isEmpty()) {
            throw new PluginConfigException("syscalls: " + bad + " not supported (supported: "
                    + SyscallSet.supported() + ")");
        }
        sc.addAll(extra);
        double t = o.dbl(DROP_ALERT_THRESHOLD);
        if (t < 0 || t > 1) {
            throw new PluginConfigException("drop_alert_threshold: " + t + " (expected: 0..1)");
        }
        String obj = o.str(BPF_OBJECT);
        return new SyscallOptions(size, sc, Path.of(o.str(HOST_ROOT)), o.bool(DROP_FAILED_EXIT), t,
                obj == null || obj.isEmpty() ? null : Path.of(obj));
    }
}
