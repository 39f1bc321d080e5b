package dev.peregrine.syscalls.state;

import dev.peregrine.syscalls.SyscallEvent;

/**
 * The current event with the state it resolved to after {@link StateTracker#apply}: its thread, the fd it
 * refers to and {@code fd.num}, plus the tables for lookups of parents, users and containers. Reused for
 * every event (valid until the next {@code apply}).
 */
public final class EventContext {
    SyscallEvent event;
    ThreadInfo thread;
    FdInfo fd;
    long fdNum = -1;
    final StateTracker state;

    EventContext(StateTracker state) {
        this.state = state;
    }

    public SyscallEvent event() {
        return event;
    }

    /** The thread of the event; null only for events libsinsp does not attach to a thread. */
    public ThreadInfo thread() {
        return thread;
    }

    /**
     * The fd the event refers to, or null: not an fd event, unknown fd, or a failed open (then fd fields come
     * from the event parameters).
     */
    public FdInfo fd() {
        return fd;
    }

    /** {@code fd.num}: the fd of the event ({@code m_lastevent_fd}), -1 when none, the result for opens. */
    public long fdNum() {
        return fdNum;
    }

    public StateTracker state() {
        return state;
    }

    public ThreadTable threads() {
        return state.threads();
    }

    public UserTable users() {
        return state.users();
    }

    public String containerId(ThreadInfo t) {
        return state.containerIds().containerId(t);
    }
}
