package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.plugin.FalcoEvent;
import dev.peregrine.filters.falco.plugin.FalcoEventAdapter;
import dev.peregrine.filters.falco.plugin.SyscallDropReport;
import dev.peregrine.filters.falco.output.DropCounts;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.event.TypedBody;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.SyscallDrops;
import dev.peregrine.syscalls.state.SyscallRecord;

/**
 * Lets the {@code falco} filter evaluate syscall records from any source (capture replay, eBPF): the record's event
 * type indexes the rules, and a {@link SyscallFieldSource} over its state answers the fields. Found with
 * ServiceLoader by the filter.
 */
public final class SyscallRecordAdapter implements FalcoEventAdapter {
    /** Event type name index per driver event code, filled lazily (-2 = not looked up yet). */
    private final int[] typeIndex = new int[1024];
    /**
     * One reusable event view per thread: sources run filters on their own threads, one event at a time, and the
     * filter is done with an event before it adapts the next, so nothing is allocated per event.
     */
    private final ThreadLocal<CurrentEvent> current = ThreadLocal.withInitial(CurrentEvent::new);

    public SyscallRecordAdapter() {
        java.util.Arrays.fill(typeIndex, -2);
    }

    @Override
    public FalcoEvent adapt(TypedBody body) {
        if (!(body instanceof SyscallRecord r)) {
            return null;
        }
        SyscallEvent e = r.event();
        int code = e.type();
        int index;
        if (code >= 0 && code < typeIndex.length) {
            index = typeIndex[code];
            if (index == -2) {
                index = EventTypeNames.indexOf(e.name());
                typeIndex[code] = index;
            }
        } else {
            index = EventTypeNames.indexOf(e.name());
        }
        if (index < 0) {
            return null;
        }
        CurrentEvent c = current.get();
        c.fields.set(r.context());
        c.type = index;
        c.ts = e.ts();
        return c;
    }

    @Override
    public SyscallDropReport dropReport(TypedBody body) {
        if (!(body instanceof SyscallDrops d)) {
            return null;
        }
        DropCounts counts = new DropCounts(d.events(), d.lost(), d.bufferFull(), 0, 0, 0, 0, 0, 0, 0, 0,
                d.tooBig(), 0, 0);
        EventTime t = EventTime.ofNanos(d.tsNanos());
        return new SyscallDropReport() {
            @Override
            public EventTime time() {
                return t;
            }

            @Override
            public DropCounts counts() {
                return counts;
            }

            @Override
            public boolean ebpfEnabled() {
                return d.ebpf();
            }
        };
    }

    /** The event being filtered on this thread; valid until the next {@link #adapt} on the same thread. */
    private static final class CurrentEvent implements FalcoEvent {
        final SyscallFieldSource fields = new SyscallFieldSource();
        int type;
        long ts;

        @Override
        public int eventType() {
            return type;
        }

        @Override
        public FieldSource fields() {
            return fields;
        }

        @Override
        public EventTime time() {
            // only asked for alerts, so the timestamp object is made then
            return EventTime.ofNanos(ts);
        }
    }
}
