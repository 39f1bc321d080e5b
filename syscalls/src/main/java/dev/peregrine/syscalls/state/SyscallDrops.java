package dev.peregrine.syscalls.state;

import dev.peregrine.pipeline.event.TypedBody;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;

/**
 * A syscall source's report that the kernel lost events in the last interval (counter deltas), handed down the
 * pipeline like the events themselves so the {@code falco} filter raises Falco's {@code Falco internal: syscall
 * event drop} alert from it. The source applies Falco's threshold and rate limit before it sends one.
 *
 * @param tsNanos    when the interval ended, ns since the epoch
 * @param events     events delivered in the interval
 * @param bufferFull events lost because the ring buffer was full
 * @param tooBig     events lost because they exceeded the maximum event size (Falco counts these as
 *                   scratch-map drops)
 * @param ebpf       whether the source is an eBPF probe (Falco's {@code ebpf_enabled} output field)
 */
public record SyscallDrops(long tsNanos, long events, long bufferFull, long tooBig, boolean ebpf)
        implements TypedBody {
    public long lost() {
        return bufferFull + tooBig;
    }

    /** For outputs that see the report itself (no falco filter on the route): the counters by Falco's names. */
    @Override
    public MapValue toMap() {
        return ValueFactory.newMap(
                ValueFactory.newString("n_evts"), ValueFactory.newInteger(events),
                ValueFactory.newString("n_drops"), ValueFactory.newInteger(lost()),
                ValueFactory.newString("n_drops_buffer_total"), ValueFactory.newInteger(bufferFull),
                ValueFactory.newString("n_drops_scratch_map"), ValueFactory.newInteger(tooBig));
    }
}
