package dev.peregrine.bench;

import dev.peregrine.filters.falco.compile.FieldRef;
import dev.peregrine.filters.falco.extract.SyscallFieldSource;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.StateTracker;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Question: what does one field extraction cost {@link SyscallFieldSource} over {@link SyscallEventMix}'s events
 * (nanoseconds of the evaluating thread's CPU per event, and bytes allocated per event), and what does applying
 * the events to the {@link StateTracker} cost? A field's cost is that of applying the event and extracting the
 * field minus that of applying it alone, so it is the first (uncached) extraction of the field for the event,
 * averaged over every event of the mix (events of types the field does not apply to included).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.SyscallFieldCost [seconds-per-field]
 * [field ...]} (default: the fields Falco's rules use most on this mix).
 */
public final class SyscallFieldCost {
    private static final String[] DEFAULT_FIELDS = {"evt.type", "evt.dir", "evt.is_open_read", "evt.is_open_write",
        "evt.arg.flags", "evt.rawres", "proc.name", "proc.exe", "proc.pname", "proc.cmdline", "proc.args",
        "proc.aname", "proc.aname[2]", "proc.pcmdline", "proc.sname", "user.name", "user.uid", "group.name",
        "fd.name", "fd.num", "fd.directory", "fd.filename", "fd.typechar", "fd.type", "fd.sip", "fd.sport",
        "fd.rip", "fd.l4proto", "fd.snet", "container.id", "container.image.repository", "k8s.ns.name"};

    private SyscallFieldCost() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of(DEFAULT_FIELDS);
        FieldRegistry registry = FieldRegistry.syscall();
        List<FieldRef> refs = new ArrayList<>();
        for (String n : names) {
            int b = n.indexOf('[');
            String field = b < 0 ? n : n.substring(0, b);
            String arg = b < 0 ? null : n.substring(b + 1, n.length() - 1);
            FieldRegistry.Resolved r = registry.resolve(field, arg);
            if (r == null) {
                throw new IllegalArgumentException("field: " + n + " (unknown)");
            }
            refs.add(FieldRef.intern(r.info(), r.arg(), n));
        }
        SyscallEventMix mix = new SyscallEventMix(EventMix.generate(RuleEvalBenchmark.EVENTS, 42));
        System.out.printf("load average %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (FieldRef ref : refs) {
            measure(mix, ref, 0.2); // warm-up: every extraction path compiled before anything is measured
        }
        double[] base = measure(mix, null, seconds);
        System.out.printf("%-28s %8.1f ns/event %8.1f B/event%n", "(apply only)", base[0], base[1]);
        for (FieldRef ref : refs) {
            double[] r = measure(mix, ref, seconds);
            System.out.printf("%-28s %8.1f ns/event %8.1f B/event%n", ref.text(), r[0] - base[0], r[1] - base[1]);
        }
    }

    /** {ns, bytes} per event of applying each event (and extracting {@code ref} once, when given). */
    private static double[] measure(SyscallEventMix mix, FieldRef ref, double seconds) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        StateTracker tracker = mix.tracker;
        SyscallEvent[] events = mix.events;
        SyscallFieldSource fields = new SyscallFieldSource();
        double[] best = {Double.MAX_VALUE, 0};
        int sink = 0;
        for (int round = 0; round < 5; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long alloc0 = mx.getThreadAllocatedBytes(self);
            long until = cpu0 + (long) (seconds * 1e9 / 5);
            long n = 0;
            while (mx.getCurrentThreadCpuTime() < until) {
                for (int k = 0; k < 16; k++) {
                    for (SyscallEvent e : events) {
                        EventContext ctx = tracker.apply(e);
                        fields.set(ctx);
                        if (ref != null) {
                            sink += fields.value(ref) == null ? 1 : 0;
                        }
                    }
                }
                n += 16L * events.length;
            }
            double ns = (mx.getCurrentThreadCpuTime() - cpu0) / (double) n;
            double bytes = (mx.getThreadAllocatedBytes(self) - alloc0) / (double) n;
            if (round >= 2 && ns < best[0]) {
                best[0] = ns;
                best[1] = bytes;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }
}
