package dev.peregrine.inputs.scap;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.scap.ScapReader;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.StateTracker;
import dev.peregrine.syscalls.state.SyscallRecord;

import java.nio.file.Path;

/**
 * Reads the capture on its own thread, applying each event to the state tracker and appending it at once (the
 * filters see the state of exactly that event). Pausing blocks the reader; nothing is skipped.
 */
final class ScapInput implements Input {
    private final PluginContext ctx;
    private final Path file;
    private final boolean exitOnEof;
    private final boolean exitOnly;
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean stopped;
    private Thread reader;

    ScapInput(PluginContext ctx, Path file, boolean exitOnEof, boolean exitOnly) {
        this.ctx = ctx;
        this.file = file;
        this.exitOnEof = exitOnEof;
        this.exitOnly = exitOnly;
    }

    @Override
    public void start(InputSink sink) {
        reader = new Thread(() -> read(sink), "flb-in-" + ctx.name());
        reader.setDaemon(true);
        reader.start();
    }

    /** Events per batch: the pause check and the metrics once per batch, the filters per event. */
    private static final int BATCH = 1024;

    private void read(InputSink sink) {
        long events = 0;
        try (ScapReader r = ScapReader.open(file)) {
            StateTracker state = r.newStateTracker();
            SyscallEvent ev = new SyscallEvent();
            InputSink.Batch batch = null;
            try {
                while (!stopped && r.next(ev)) {
                    EventContext c = state.apply(ev);
                    if (exitOnly && !ev.isExit()) {
                        continue;
                    }
                    if (batch == null) {
                        awaitResume();
                        batch = sink.batch(sink.tag());
                    }
                    long ts = ev.ts();
                    // live: the filters run on it inside add(); the engine copies it only if it outlives that
                    batch.add(Event.typed(EventTime.ofNanos(ts),
                        SyscallRecord.live(ev, c)));
                    if (++events % BATCH == 0) {
                        batch.close();
                        batch = null;
                    }
                }
            } finally {
                if (batch != null) {
                    batch.close();
                }
            }
            ctx.log().info("read " + events + " events from " + file);
        } catch (Exception e) {
            ctx.log().error("cannot read capture " + file + ": " + e.getMessage());
        }
        if (exitOnEof && !stopped) {
            sink.requestShutdown();
        }
    }

    private void awaitResume() throws InterruptedException {
        synchronized (pauseLock) {
            while (paused && !stopped) {
                pauseLock.wait(100);
            }
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        resume();
    }
}
