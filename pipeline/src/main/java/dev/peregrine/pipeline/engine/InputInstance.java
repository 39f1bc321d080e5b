package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.PluginFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured input and its buffer: events appended under a tag run through the matching filters and wait in an
 * open chunk per tag until the engine's next flush. Buffered bytes (not yet delivered to every route) count against
 * Mem_Buf_Limit: over it the input is paused, and resumed once deliveries bring it back under.
 */
public final class InputInstance implements InputSink {
    /** Chunks are cut at about this size, as Fluent Bit's ~2 MB chunks. */
    static final long CHUNK_BYTES = 2_000_000;

    /** Fluent Bit logs pause/resume under a plain "[input]" component. */
    private static final Log OVERLIMIT_LOG = Log.of("input");

    final PluginFactory factory;
    final String name;
    final String tag;
    final boolean tagSet;
    final long memBufLimit;
    final Input input;
    final InstanceMetrics metrics;
    final Log log;
    private final Engine engine;
    private final Map<String, Chunk> open = new LinkedHashMap<>();
    private final List<Chunk> sealed = new ArrayList<>();
    private final AtomicLong buffered = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean stopped;

    InputInstance(Engine engine, PluginFactory factory, String name, String tag, boolean tagSet, long memBufLimit,
                  Input input, InstanceMetrics metrics) {
        this.engine = engine;
        this.factory = factory;
        this.name = name;
        this.tag = tag;
        this.tagSet = tagSet;
        this.memBufLimit = memBufLimit;
        this.input = input;
        this.metrics = metrics;
        this.log = Log.of("input:" + factory.name() + ":" + name);
    }

    /** The plugin's name, e.g. "dummy". */
    public String pluginName() {
        return factory.name();
    }

    public long memBufLimit() {
        return memBufLimit;
    }

    public String name() {
        return name;
    }

    public InstanceMetrics metrics() {
        return metrics;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public boolean tagSet() {
        return tagSet;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** Bytes accepted and not yet released by every output they route to. */
    public long bufferedBytes() {
        return buffered.get();
    }

    @Override
    public void requestShutdown() {
        engine.requestShutdown("input " + name);
    }

    @Override
    public void append(String tag, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        long inBytes = 0;
        for (Event e : events) {
            inBytes += e.sizeEstimate();
        }
        metrics.counter("records").addAndGet(events.size());
        metrics.counter("bytes").addAndGet(inBytes);
        List<Event> out = engine.runFilters(tag, events);
        if (out.isEmpty()) {
            return;
        }
        long added = 0;
        boolean full = false;
        synchronized (this) {
            Chunk c = open.get(tag);
            for (Event e : out) {
                if (c == null) {
                    c = new Chunk(tag);
                    open.put(tag, c);
                }
                long before = c.bytes();
                c.add(e);
                added += c.bytes() - before;
                if (c.bytes() >= CHUNK_BYTES) {
                    c.seal();
                    sealed.add(c);
                    open.remove(tag);
                    c = null;
                    full = true;
                }
            }
        }
        if (full) {
            engine.flushSoon();
        }
        long now = buffered.addAndGet(added);
        if (memBufLimit > 0 && now >= memBufLimit && !paused) {
            pause();
        }
    }

    private synchronized void pause() {
        if (!paused && !stopped) {
            paused = true;
            OVERLIMIT_LOG.warn(name + " paused (mem buf overlimit)");
            input.pause();
        }
    }

    /** Called by the engine when chunk bytes are released after delivery. */
    void release(long bytes) {
        long now = buffered.addAndGet(-bytes);
        if (paused && now < memBufLimit) {
            synchronized (this) {
                if (paused && !stopped) {
                    paused = false;
                    OVERLIMIT_LOG.info(name + " resume (mem buf overlimit)");
                    input.resume();
                }
            }
        }
    }

    /** Takes every chunk with data, sealing the open ones; called by the engine at each flush. */
    synchronized List<Chunk> drain() {
        List<Chunk> out = new ArrayList<>(sealed);
        sealed.clear();
        for (Chunk c : open.values()) {
            c.seal();
            out.add(c);
        }
        open.clear();
        return out;
    }

    void start() throws Exception {
        input.start(this);
    }

    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            input.stop();
        } catch (RuntimeException e) {
            log.error("error while stopping: " + e);
        }
    }
}
