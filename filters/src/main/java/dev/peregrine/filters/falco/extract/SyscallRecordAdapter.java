package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.plugin.FalcoEvent;
import dev.peregrine.filters.falco.plugin.FalcoEventAdapter;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.event.TypedBody;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.SyscallRecord;

/**
 * Lets the {@code falco} filter evaluate syscall records from any source (capture replay, eBPF): the record's event
 * type indexes the rules, and a {@link SyscallFieldSource} over its state answers the fields. Found with
 * ServiceLoader by the filter.
 */
public final class SyscallRecordAdapter implements FalcoEventAdapter {
    /** Event type name index per driver event code, filled lazily (-2 = not looked up yet). */
    private final int[] typeIndex = new int[1024];
    /** One field source per thread: sources run filters on their own threads, one event at a time. */
    private final ThreadLocal<SyscallFieldSource> sources = ThreadLocal.withInitial(SyscallFieldSource::new);

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
        SyscallFieldSource fields = sources.get().set(r.context());
        int type = index;
        return new FalcoEvent() {
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
                long ts = e.ts();
                return new EventTime(ts / 1_000_000_000L, (int) (ts % 1_000_000_000L));
            }
        };
    }
}
