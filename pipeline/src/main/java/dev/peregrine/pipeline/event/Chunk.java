package dev.peregrine.pipeline.event;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A batch of events that share one tag, as in Fluent Bit's chunks. The engine flushes chunks to outputs; an output
 * reads {@link #events()} or, when it ships msgpack as is, {@link #toMsgpack()} (encoded once and cached).
 *
 * <p>A chunk is mutable only while its input appends to it ({@link #add}); once handed to the engine for flushing it
 * is sealed and shared read-only between every output that it routes to.
 *
 * <p>A sealed chunk of a filesystem input can be put "down" (storage.max_chunks_up): its records are dropped from
 * memory, they stay in its chunk file, and the engine brings it back {@link #up} before an output flushes it. Its
 * size, record count and tag stay known while down.
 */
public final class Chunk {
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String tag;
    private volatile List<Event> events;
    private int count;
    private long bytes;
    private volatile boolean sealed;
    private volatile byte[] msgpack;

    public Chunk(String tag) {
        this(tag, new ArrayList<>());
    }

    public Chunk(String tag, List<Event> events) {
        this.tag = tag;
        this.events = events;
        this.count = events.size();
        for (Event e : events) {
            bytes += e.sizeEstimate();
        }
    }

    public long id() {
        return id;
    }

    public String tag() {
        return tag;
    }

    public void add(Event e) {
        if (sealed) {
            throw new IllegalStateException("chunk " + id + " is sealed");
        }
        events.add(e);
        count++;
        bytes += e.sizeEstimate();
    }

    /** The records; the chunk must be up (outputs are only handed chunks that are). */
    public List<Event> events() {
        List<Event> l = events;
        if (l == null) {
            throw new IllegalStateException("chunk " + id + " is down (records only in its file)");
        }
        return sealed ? Collections.unmodifiableList(l) : l;
    }

    /** Number of records, known whether up or down. */
    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether the records are in memory. */
    public boolean isUp() {
        return events != null;
    }

    /** Drops the records from memory (they are in the chunk file); only a sealed chunk goes down. */
    public void down() {
        if (!sealed) {
            throw new IllegalStateException("chunk " + id + " is not sealed");
        }
        events = null;
        msgpack = null;
    }

    /** Puts back the records read from the chunk file (the same records, in the same order). */
    public void up(List<Event> records) {
        events = records;
    }

    /** Bytes held, as the buffer accounting (Mem_Buf_Limit) sees them. */
    public long bytes() {
        return bytes;
    }

    public void seal() {
        sealed = true;
    }

    public boolean sealed() {
        return sealed;
    }

    /** The events in Fluent Bit's chunk encoding: concatenated {@code [[time, meta], body]} arrays. */
    public byte[] toMsgpack() {
        byte[] m = msgpack;
        if (m == null) {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                for (Event e : events()) {
                    e.pack(p);
                }
                m = p.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (sealed) {
                msgpack = m;
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "Chunk[" + id + " " + tag + " x" + count + (isUp() ? "" : " down") + "]";
    }
}
