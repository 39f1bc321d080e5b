package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs a tail instance in-process with a recording sink (no engine). */
final class TailHarness implements InputSink, AutoCloseable {
    final List<Event> events = new ArrayList<>();
    final List<String> tags = new ArrayList<>();
    final InstanceMetrics metrics = new InstanceMetrics("tail.0");
    final TailInput input;
    volatile boolean enginePaused;
    volatile boolean shutdownRequested;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    TailHarness(ParserRegistry parsers, String... keyValues) throws Exception {
        Section s = new Section("input", new Location("test.conf", 1));
        s.add("name", "tail", new Location("test.conf", 1));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.add(keyValues[i].toLowerCase(java.util.Locale.ROOT), keyValues[i + 1], new Location("test.conf", 2));
        }
        List<ConfigError> errors = new ArrayList<>();
        TailInputFactory factory = new TailInputFactory();
        Options o = OptionsResolver.resolve(factory, s, new Env(Map.of(), k -> null), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        ParserRegistry pr = parsers != null ? parsers : new ParserRegistry();
        PluginContext ctx = new PluginContext() {
            @Override
            public String name() {
                return "tail.0";
            }

            @Override
            public Options options() {
                return o;
            }

            @Override
            public Log log() {
                return Log.of("input:tail:tail.0");
            }

            @Override
            public ParserRegistry parsers() {
                return pr;
            }

            @Override
            public ServiceSettings service() {
                return null;
            }

            @Override
            public EventLoopGroup eventLoops() {
                return null;
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }

            @Override
            public InstanceMetrics metrics() {
                return metrics;
            }
        };
        input = (TailInput) factory.create(ctx);
    }

    TailHarness start() throws Exception {
        input.start(this);
        return this;
    }

    @Override
    public String tag() {
        return "tail.0";
    }

    @Override
    public boolean tagSet() {
        return false;
    }

    @Override
    public synchronized void append(String tag, List<Event> ev) {
        for (Event e : ev) {
            events.add(e);
            tags.add(tag);
        }
        notifyAll();
    }

    @Override
    public boolean paused() {
        return enginePaused;
    }

    @Override
    public void requestShutdown() {
        shutdownRequested = true;
    }

    synchronized int count() {
        return events.size();
    }

    synchronized List<Event> snapshot() {
        return new ArrayList<>(events);
    }

    /** The string value of {@code key} in every record so far. */
    synchronized List<String> values(String key) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            var v = e.body().map().get(org.msgpack.value.ValueFactory.newString(key));
            out.add(v == null ? null : v.isStringValue() ? v.asStringValue().toString() : v.toString());
        }
        return out;
    }

    static void await(BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met in " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        input.stop();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
