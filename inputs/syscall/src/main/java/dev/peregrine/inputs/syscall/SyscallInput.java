package dev.peregrine.inputs.syscall;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.syscalls.EventInfo;
import dev.peregrine.syscalls.EventTable;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.SyscallDrops;
import dev.peregrine.syscalls.state.SyscallRecord;
import dev.peregrine.syscalls.state.StateTracker;
import dev.peregrine.syscalls.state.ThreadTable;
import dev.peregrine.syscalls.state.UserTable;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code syscall} input: loads the BPF programs, seeds process state from /proc, then one reader thread
 * drains the ring buffer on a timer, decodes each event, applies it to the {@link StateTracker} (in ring order,
 * which is the order events were produced) and hands {@link SyscallRecord}s to the pipeline in batches.
 *
 * <p>Kernel-side drops (ring full) are counted per CPU by the BPF programs; the reader reads them once a second
 * into the metrics {@code drops_buffer} and {@code drops_too_big}, and warns when the lost fraction of that
 * second exceeds {@code Drop_Alert_Threshold} (at most every 30 s, like Falco's drop alerts).
 */
public final class SyscallInput implements Input {
    private static final int BATCH = 1024;
    private static final long IDLE_PARK_NANOS = 1_000_000;
    private static final long DROP_ALERT_INTERVAL_NANOS = 30_000_000_000L;

    private final SyscallOptions options;
    private final Log log;
    private final String name;
    private final AtomicLong events;
    private final AtomicLong dropsBuffer;
    private final AtomicLong dropsTooBig;
    private final AtomicLong decodeErrors;
    private volatile Set<String> wanted;
    /** Per event code: hand the event on to the pipeline (null: all). Others only update the process state. */
    private volatile boolean[] handOn;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean wantedChanged;
    private BpfLoader loader;
    private RingBufferReader ring;
    private Thread reader;
    private final StateTracker state;
    private long num;
    /** Reader thread only: the batch the current drain adds to, and the events it decoded. */
    private InputSink.Batch batch;
    private long decoded;
    private long lastDropAlert = Long.MIN_VALUE / 2;
    private long[] lastCounters = new long[3];

    /** For embedding (the load driver, tests); the agent creates it through {@link SyscallInputFactory}. */
    public SyscallInput(SyscallOptions options, Log log, InstanceMetrics metrics, String name) {
        this.options = options;
        this.log = log;
        this.name = name;
        this.events = metrics.counter("events");
        this.dropsBuffer = metrics.counter("drops_buffer");
        this.dropsTooBig = metrics.counter("drops_too_big");
        this.decodeErrors = metrics.counter("decode_errors");
        // Until filters name what they need (selectEventTypes), everything this input can report.
        this.wanted = new LinkedHashSet<>(SyscallSet.supported());
        UserTable users;
        try {
            users = UserTable.fromHostRoot(options.hostRoot());
        } catch (IOException e) {
            users = new UserTable();
        }
        this.state = new StateTracker(new ThreadTable(), users);
    }

    private static final ThreadLocal<SyscallInput> CURRENT = new ThreadLocal<>();

    /**
     * The input whose reader thread is calling, or null. Filters run synchronously inside {@code sink.append}
     * on that thread, so a filter finds its input here to read {@link #state()} safely.
     */
    public static SyscallInput current() {
        return CURRENT.get();
    }

    /**
     * Sets the system calls to report, e.g. from the event types a rule set needs (names as in
     * {@code evt.type}: openat, execve, procexit...); the base set that state tracking needs is always added.
     * Takes effect within one drain interval when running. Returns the names this input cannot report.
     */
    public Set<String> setWanted(Collection<String> syscalls) {
        Set<String> s = new LinkedHashSet<>(SyscallSet.BASE);
        s.addAll(syscalls);
        Set<String> bad = SyscallSet.unsupported(syscalls);
        s.removeAll(bad);
        wanted = s;
        wantedChanged = true;
        return bad;
    }

    /**
     * Narrows the kernel's selection to the event types the filters on this input's tag need (the falco filter:
     * the types its enabled rules are indexed under), plus the base set and the {@code Syscalls} option, as
     * Falco's rules-driven selection with {@code base_syscalls.custom_set}.
     */
    @Override
    public void selectEventTypes(Set<String> types) {
        Set<String> want = new LinkedHashSet<>(types);
        want.addAll(options.syscalls());
        Set<String> notReported = setWanted(want);
        log.info("filters need " + types.size() + " event type(s); reporting " + wanted.size()
                + " syscalls: " + String.join(",", new java.util.TreeSet<>(wanted))
                + (notReported.isEmpty() ? "" : "; not reported by this input: " + String.join(",", notReported)));
    }

    /**
     * The first filter (falco without Keep_Events) drops events of other types: those are applied to the process
     * state only (close, dup, the base set's state syscalls), which spares each a record and a filter call.
     */
    @Override
    public void handOnEventTypes(Set<String> types) {
        boolean[] h = new boolean[EventTable.size()];
        for (int c = 0; c < h.length; c++) {
            EventInfo info = EventTable.get(c);
            h[c] = info != null && types.contains(info.name());
        }
        handOn = h;
        log.info("filters drop other event types: " + types.size() + " handed on, state-only: the rest");
    }

    /** The system calls reported now. */
    public Set<String> wanted() {
        return wanted;
    }

    /** The state tracker; only the reader thread (and so synchronous filters) may touch it. */
    public StateTracker state() {
        return state;
    }

    /** Kernel counters summed over CPUs: events written, drops (ring full), drops (event too big). */
    public long[] kernelCounters() {
        BpfLoader l = loader;
        return l == null ? new long[3] : l.counters();
    }

    @Override
    public void start(InputSink sink) {
        loader = BpfLoader.open(options.bpfObject(), options.bufferSize());
        try {
            loader.configure((int) ProcessHandle.current().pid(), options.dropFailedExit());
            loader.setWanted(SyscallSet.slots(wanted));
            wantedChanged = false;
            ring = loader.mapRing(options.bufferSize());
            // Attach before reading /proc: a process started during the scan is then seen by one or the other.
            loader.attach();
            int n = new ProcSnapshot(options.hostRoot()).load(state.threads());
            log.info("attached; " + n + " threads from " + options.hostRoot().resolve("proc") + ", ring buffer "
                    + options.bufferSize() + " bytes, " + wanted.size() + " syscalls");
        } catch (RuntimeException e) {
            closeKernel();
            throw e;
        }
        running = true;
        reader = new Thread(() -> run(sink), name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void run(InputSink sink) {
        CURRENT.set(this);
        long nextCounters = System.nanoTime() + 1_000_000_000L;
        SyscallEvent e = new SyscallEvent(); // decodes in place over the reader's scratch buffer
        RingBufferReader.Consumer consumer = (b, len) -> {
            try {
                e.decode(b, 0, len);
                e.setContext(++num, -1, 0);
                EventContext ctx = state.apply(e);
                decoded++;
                boolean[] h = handOn;
                int code = e.type();
                if (h != null && code >= 0 && code < h.length && !h[code]) {
                    return; // state only: the first filter would drop it
                }
                long ts = e.ts();
                // Each event runs through the filters (falco) at once, inside add(): they read the live state,
                // which the next event changes. A live record: no copy of the event, nothing captured; the
                // engine retains (copies) only a record that outlives the append, which the falco filter's
                // events never do unless Keep_Events. The batch pays the metrics and the chunk once per drain.
                batch.add(Event.typed(EventTime.ofNanos(ts),
                        SyscallRecord.live(e, ctx)));
            } catch (RuntimeException ex) {
                decodeErrors.incrementAndGet();
            }
        };
        while (running) {
            try {
                if (wantedChanged) {
                    wantedChanged = false;
                    loader.setWanted(SyscallSet.slots(wanted));
                }
                int n = 0;
                if (!paused && !sink.paused()) {
                    try (InputSink.Batch b = sink.batch(sink.tag())) {
                        batch = b;
                        n = ring.drain(consumer, BATCH);
                    }
                    events.addAndGet(decoded);
                    decoded = 0;
                }
                long now = System.nanoTime();
                if (now >= nextCounters) {
                    nextCounters = now + 1_000_000_000L;
                    checkDrops(sink, now);
                }
                if (n == 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            } catch (Throwable t) {
                log.error("syscall reader: " + t);
                LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /**
     * Once a second: when the kernel lost more than {@code Drop_Alert_Threshold} of that second's events, at most
     * every 30 s (Falco's {@code syscall_event_drops} defaults: actions log + alert, one per 30 s), logs the loss and
     * hands a {@link SyscallDrops} report down the pipeline, where the falco filter raises {@code Falco internal:
     * syscall event drop}.
     */
    private void checkDrops(InputSink sink, long now) {
        long[] c = loader.counters();
        long ev = c[0] - lastCounters[0];
        long full = c[1] - lastCounters[1];
        long big = c[2] - lastCounters[2];
        lastCounters = c;
        dropsBuffer.set(c[1]);
        dropsTooBig.set(c[2]);
        long lost = full + big;
        if (lost > 0 && (double) lost / (ev + lost) > options.dropAlertThreshold()
                && now - lastDropAlert >= DROP_ALERT_INTERVAL_NANOS) {
            lastDropAlert = now;
            log.warn("syscall event drop: " + lost + " of " + (ev + lost) + " events lost in the last second ("
                    + full + " ring buffer full, " + big + " too big); total drops " + (c[1] + c[2])
                    + " (raise Buffer_Size or report fewer Syscalls)");
            java.time.Instant t = java.time.Instant.now();
            long tsNanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            try {
                sink.append(sink.tag(), Event.typed(new EventTime(t.getEpochSecond(), t.getNano()),
                        new SyscallDrops(tsNanos, ev, full, big, true)));
            } catch (RuntimeException e) {
                log.error("syscall event drop report: " + e);
            }
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    @Override
    public void stop() {
        running = false;
        Thread r = reader;
        if (r != null) {
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeKernel();
    }

    private synchronized void closeKernel() {
        if (loader != null) {
            loader.close(); // detach first: nothing writes to the ring after this
            loader = null;
        }
        Thread r = reader;
        if (ring != null && (r == null || !r.isAlive())) {
            ring.close();
            ring = null;
        } else if (ring != null) {
            // The reader is stuck in the pipeline: unmapping under it would crash the JVM. The mapping goes
            // with the process.
            log.warn("syscall reader did not stop in time; ring buffer left mapped");
        }
    }
}
