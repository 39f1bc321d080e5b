package dev.peregrine.syscalls.state;

import dev.peregrine.pipeline.event.TypedBody;
import dev.peregrine.syscalls.SyscallEvent;
import org.msgpack.value.MapValue;

/**
 * A syscall event on its way through the pipeline: the event (a copy the record owns) and the state it resolved to.
 *
 * <p>Contract: a source applies an event to its {@link StateTracker} and appends the record at once; filters run
 * synchronously on that append, so {@link #context()} describes exactly this event while the falco filter evaluates
 * it. Anything that keeps the record longer (Keep_Events, an output) reads only {@link #toMap()}, which is built from
 * the event alone.
 */
public final class SyscallRecord implements TypedBody {
    private final SyscallEvent event;
    private final EventContext context;

    public SyscallRecord(SyscallEvent event, EventContext context) {
        this.event = event;
        this.context = context;
    }

    public SyscallEvent event() {
        return event;
    }

    /** The state after this event; valid while the append that carries the record runs. */
    public EventContext context() {
        return context;
    }

    @Override
    public MapValue toMap() {
        return event.toMap();
    }

    @Override
    public int sizeEstimate() {
        return 64 + event.len();
    }
}
