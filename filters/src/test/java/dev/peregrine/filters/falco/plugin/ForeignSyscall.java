package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.output.DropCounts;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.event.TypedBody;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;

/**
 * A typed body that knows nothing of Falco (as the syscalls module's events), presented to the filter by
 * {@link Adapter}, registered in test {@code META-INF/services}.
 */
record ForeignSyscall(String type, String procName, long drops, EventTime time) implements TypedBody {
    @Override
    public MapValue toMap() {
        return ValueFactory.emptyMap();
    }

    public static final class Adapter implements FalcoEventAdapter {
        @Override
        public FalcoEvent adapt(TypedBody body) {
            if (!(body instanceof ForeignSyscall f) || f.type() == null) {
                return null;
            }
            MapFieldSource m = new MapFieldSource().put("evt.type", f.type()).put("proc.name", f.procName());
            return new SyntheticSyscall(f.type(), m, f.time());
        }

        @Override
        public SyscallDropReport dropReport(TypedBody body) {
            if (!(body instanceof ForeignSyscall f) || f.type() != null) {
                return null;
            }
            return new SyscallDropReport() {
                @Override
                public EventTime time() {
                    return f.time();
                }

                @Override
                public DropCounts counts() {
                    return DropCounts.of(1000, f.drops(), f.drops());
                }

                @Override
                public boolean ebpfEnabled() {
                    return false;
                }
            };
        }
    }

    static int typeIndex(String t) {
        return EventTypeNames.indexOf(t);
    }
}
