package dev.peregrine.pipeline.event;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ImmutableMapValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One log event as Fluent Bit models it: a timestamp, a metadata map (usually empty) and a body map.
 *
 * <p>Design note: the body has three possible forms and is converted lazily between them.
 * <ul>
 *   <li>a decoded msgpack {@link MapValue} (what filters read and build),</li>
 *   <li>the raw msgpack bytes of the body, as received from the wire (forward input: never decoded unless a filter or
 *   a text output needs it),</li>
 *   <li>a {@link TypedBody} (a syscall event or an alert) that builds its map only when asked.</li>
 * </ul>
 * Events are immutable from the outside: filters build a new event with {@link #withBody} and friends.
 */
public final class Event {
    public static final MapValue EMPTY_MAP = ValueFactory.emptyMap();
    /** What {@link #sizeEstimate()} counts besides the body when the metadata is empty. */
    private static final int EMPTY_META_HEADER = 15;

    private final EventTime time;
    private final MapValue metadata;
    private MapValue body;
    private final TypedBody typed;
    private final byte[] raw;
    private final int rawOff;
    private final int rawLen;

    private Event(EventTime time, MapValue metadata, MapValue body, TypedBody typed, byte[] raw, int off, int len) {
        this.time = time;
        this.metadata = metadata == null ? EMPTY_MAP : metadata;
        this.body = body;
        this.typed = typed;
        this.raw = raw;
        this.rawOff = off;
        this.rawLen = len;
    }

    public static Event of(EventTime time, MapValue metadata, MapValue body) {
        return new Event(time, metadata, body, null, null, 0, 0);
    }

    public static Event of(EventTime time, MapValue body) {
        return new Event(time, EMPTY_MAP, body, null, null, 0, 0);
    }

    public static Event typed(EventTime time, TypedBody body) {
        return new Event(time, EMPTY_MAP, null, body, null, 0, 0);
    }

    /** An event whose body is the msgpack map encoded in {@code raw[off, off+len)}; decoded on first use. */
    public static Event raw(EventTime time, MapValue metadata, byte[] raw, int off, int len) {
        Event e = new Event(time, metadata, null, null, raw, off, len);
        if (e.metadata == EMPTY_MAP) {
            // known now, the same as sizeEstimate() computes: inputs make millions of these, and the lazy path's
            // map walk stays out of the hot code
            e.size = EMPTY_META_HEADER + len;
        }
        return e;
    }

    public EventTime time() {
        return time;
    }

    public MapValue metadata() {
        return metadata;
    }

    /**
     * This event in a form valid after the append that carries it returns ({@link TypedBody#retain()}): itself
     * unless its typed body views a reused buffer.
     */
    public Event retain() {
        if (typed == null) {
            return this;
        }
        TypedBody r = typed.retain();
        if (r == typed) {
            return this;
        }
        Event e = new Event(time, metadata, body, r, raw, rawOff, rawLen);
        e.size = size;
        return e;
    }

    /** The typed body, or null when this event carries a plain map. */
    public TypedBody typedBody() {
        return typed;
    }

    public MapValue body() {
        MapValue b = body;
        if (b == null) {
            if (typed != null) {
                b = typed.toMap();
            } else {
                try (MessageUnpacker u = MessagePack.newDefaultUnpacker(raw, rawOff, rawLen)) {
                    Value v = u.unpackValue();
                    if (!v.isMapValue()) {
                        throw new IllegalStateException("event body is " + v.getValueType() + " (expected: map)");
                    }
                    b = v.asMapValue();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            body = b;
        }
        return b;
    }

    public Event withBody(MapValue newBody) {
        return new Event(time, metadata, newBody, null, null, 0, 0);
    }

    public Event withTime(EventTime newTime) {
        if (body == null && typed == null) {
            return new Event(newTime, metadata, null, null, raw, rawOff, rawLen);
        }
        return new Event(newTime, metadata, body, typed, null, 0, 0);
    }

    public Event withMetadata(MapValue newMetadata) {
        return new Event(time, newMetadata, body, typed, raw, rawOff, rawLen);
    }

    /** Writes the body map; raw bodies are copied byte for byte. */
    public void packBody(MessagePacker p) throws IOException {
        if (body == null && typed == null) {
            p.writePayload(raw, rawOff, rawLen);
        } else {
            p.packValue(body());
        }
    }

    /**
     * Writes this event in Fluent Bit's chunk layout: {@code [[EventTime, metadata], body]}.
     */
    public void pack(MessagePacker p) throws IOException {
        p.packArrayHeader(2);
        p.packArrayHeader(2);
        packTime(p, time);
        p.packValue(metadata);
        packBody(p);
    }

    public static void packTime(MessagePacker p, EventTime t) throws IOException {
        p.packExtensionTypeHeader(EventTime.EXT_TYPE, 8);
        byte[] b = new byte[8];
        t.writeExtPayload(b, 0);
        p.writePayload(b);
    }

    private int size = -1;

    /**
     * The encoded size of the event in chunk form, for buffer accounting and metrics: exact for raw bodies, computed
     * once from the map for decoded ones (without encoding it), and the typed body's own estimate otherwise.
     */
    public int sizeEstimate() {
        int s = size;
        return s >= 0 ? s : computeSize();
    }

    private int computeSize() {
        int header = metadata.size() == 0 ? EMPTY_META_HEADER : 14 + encodedSize(metadata);
        int s;
        if (raw != null && body == null) {
            s = header + rawLen;
        } else if (body != null) {
            s = header + encodedSize(body);
        } else {
            s = header + typed.sizeEstimate();
        }
        size = s;
        return s;
    }

    /** The msgpack-encoded size of a value, computed without encoding it. */
    public static int encodedSize(Value v) {
        switch (v.getValueType()) {
            case NIL:
            case BOOLEAN:
                return 1;
            case INTEGER: {
                var i = v.asIntegerValue();
                if (!i.isInLongRange()) {
                    return 9;
                }
                long l = i.toLong();
                if (l >= -32 && l < 128) {
                    return 1;
                }
                if (l >= -128 && l < 256) {
                    return 2;
                }
                if (l >= -32768 && l < 65536) {
                    return 3;
                }
                if (l >= Integer.MIN_VALUE && l < 4294967296L) {
                    return 5;
                }
                return 9;
            }
            case FLOAT:
                return 9;
            case STRING:
            case BINARY: {
                // asByteBuffer wraps the value's bytes (asByteArray would copy them).
                int n = v.asRawValue().asByteBuffer().remaining();
                return n + (n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5);
            }
            case ARRAY: {
                var a = v.asArrayValue();
                int n = a.size() < 16 ? 1 : a.size() < 65536 ? 3 : 5;
                for (Value e : a) {
                    n += encodedSize(e);
                }
                return n;
            }
            case MAP: {
                var m = v.asMapValue();
                int n = m.size() < 16 ? 1 : m.size() < 65536 ? 3 : 5;
                Value[] kv = m.getKeyValueArray();
                for (Value e : kv) {
                    n += encodedSize(e);
                }
                return n;
            }
            case EXTENSION: {
                int n = v.asExtensionValue().getData().length;
                return n + (n == 1 || n == 2 || n == 4 || n == 8 || n == 16 ? 2 : n < 256 ? 3 : n < 65536 ? 4 : 6);
            }
            default:
                return 8;
        }
    }

    public byte[] toMsgpack() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            pack(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImmutableMapValue emptyMap() {
        return ValueFactory.emptyMap();
    }

    @Override
    public String toString() {
        return "Event[" + time + ", " + metadata + ", " + body() + "]";
    }
}
