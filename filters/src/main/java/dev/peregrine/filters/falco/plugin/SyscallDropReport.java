package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.output.DropCounts;
import dev.peregrine.pipeline.event.EventTime;

/**
 * A report from the syscall input that the driver dropped events in the last interval. The {@code falco} filter
 * turns each report with drops into Falco's {@code Falco internal: syscall event drop} alert (action
 * {@code alert}); the reporter applies Falco's threshold and rate limit ({@code syscall_event_drops}) before
 * sending. A typed body implements this, or a {@link FalcoEventAdapter} turns it into one.
 */
public interface SyscallDropReport {
    EventTime time();

    /** Counter deltas over the interval. */
    DropCounts counts();

    boolean ebpfEnabled();
}
