package dev.peregrine.inputs.dummy;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.JsonDecodeException;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import org.msgpack.value.MapValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Generates the Dummy records every interval on the engine's scheduler; pausing cancels the timer. */
final class DummyInput implements Input {
    private final PluginContext ctx;
    private final List<MapValue> records;
    private final MapValue metadata;
    private final long samples;
    private final long copies;
    private final long intervalNanos;
    private final boolean flushOnStartup;
    private final EventTime fixed;
    private InputSink sink;
    private ScheduledFuture<?> timer;
    private long collects;
    private boolean stopped;

    DummyInput(PluginContext ctx) throws PluginConfigException {
        this.ctx = ctx;
        Options o = ctx.options();
        records = parse(o.str(DummyInputFactory.DUMMY), "dummy");
        List<MapValue> meta = parse(o.str(DummyInputFactory.METADATA), "metadata");
        metadata = meta.isEmpty() ? Event.EMPTY_MAP : meta.get(0);
        samples = o.integer(DummyInputFactory.SAMPLES);
        copies = Math.max(1, o.integer(DummyInputFactory.COPIES));
        long isec = o.integer(DummyInputFactory.INTERVAL_SEC);
        long insec = o.integer(DummyInputFactory.INTERVAL_NSEC);
        long rate = o.integer(DummyInputFactory.RATE);
        if (isec > 0 || insec > 0) {
            intervalNanos = isec * 1_000_000_000L + insec;
        } else {
            if (rate <= 0) {
                throw new PluginConfigException("rate: " + rate + " (expected: a number > 0)");
            }
            intervalNanos = 1_000_000_000L / rate;
        }
        flushOnStartup = o.bool(DummyInputFactory.FLUSH_ON_STARTUP);
        long ssec = o.integer(DummyInputFactory.START_TIME_SEC);
        long snsec = o.integer(DummyInputFactory.START_TIME_NSEC);
        if (o.bool(DummyInputFactory.FIXED_TIMESTAMP)) {
            if (ssec >= 0 || snsec >= 0) {
                fixed = new EventTime(Math.max(0, ssec), (int) Math.max(0, Math.min(snsec, 999_999_999)));
            } else {
                fixed = EventTime.now();
            }
        } else {
            fixed = null;
        }
    }

    private List<MapValue> parse(String json, String what) {
        try {
            List<MapValue> l = FluentJsonDecoder.decodeRecords(json);
            if (!l.isEmpty() || what.equals("metadata")) {
                return l;
            }
        } catch (JsonDecodeException e) {
            ctx.log().warn(what + ": invalid JSON (" + e.getMessage() + "), using the default");
        }
        return what.equals("dummy") ? FluentJsonDecoder.decodeRecords("{\"message\":\"dummy\"}") : List.of();
    }

    @Override
    public synchronized void start(InputSink sink) {
        this.sink = sink;
        schedule(flushOnStartup ? 0 : intervalNanos);
    }

    private void schedule(long initialDelayNanos) {
        timer = ctx.scheduler().scheduleAtFixedRate(this::collect, initialDelayNanos, intervalNanos,
            TimeUnit.NANOSECONDS);
    }

    private void collect() {
        synchronized (this) {
            if (stopped || sink.paused()) {
                return;
            }
            if (samples > 0 && collects >= samples) {
                timer.cancel(false);
                return;
            }
            collects++;
        }
        EventTime t = fixed != null ? fixed : EventTime.now();
        List<Event> events = new ArrayList<>((int) (records.size() * copies));
        for (long c = 0; c < copies; c++) {
            for (MapValue r : records) {
                events.add(Event.of(t, metadata, r));
            }
        }
        sink.append(sink.tag(), events);
    }

    @Override
    public synchronized void pause() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public synchronized void resume() {
        if (!stopped) {
            schedule(0);
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
