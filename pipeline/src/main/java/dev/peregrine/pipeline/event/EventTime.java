package dev.peregrine.pipeline.event;

import java.time.Instant;

/**
 * A record's timestamp as Fluent Bit keeps it: whole seconds since the epoch plus nanoseconds. On the wire it is the
 * Forward protocol's EventTime (msgpack ext type 0: big-endian uint32 seconds, uint32 nanoseconds).
 */
public record EventTime(long seconds, int nanos) implements Comparable<EventTime> {
    public static final byte EXT_TYPE = 0;

    public EventTime {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos: " + nanos + " (expected: 0..999999999)");
        }
    }

    public static EventTime now() {
        Instant i = Instant.now();
        return new EventTime(i.getEpochSecond(), i.getNano());
    }

    public static EventTime ofDouble(double seconds) {
        long s = (long) Math.floor(seconds);
        int ns = (int) Math.round((seconds - s) * 1e9);
        if (ns >= 1_000_000_000) {
            s++;
            ns -= 1_000_000_000;
        }
        return new EventTime(s, ns);
    }

    /** A time from nanoseconds since the epoch (a syscall event's timestamp). */
    public static EventTime ofNanos(long epochNanos) {
        return new EventTime(Math.floorDiv(epochNanos, 1_000_000_000L),
            (int) Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static EventTime ofMillis(long millis) {
        return new EventTime(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000);
    }

    public double toDouble() {
        return seconds + nanos / 1e9;
    }

    public long toMillis() {
        return seconds * 1000 + nanos / 1_000_000;
    }

    /** The 8-byte payload of the EventTime ext. */
    public byte[] toExtPayload() {
        byte[] b = new byte[8];
        writeExtPayload(b, 0);
        return b;
    }

    public void writeExtPayload(byte[] b, int off) {
        long s = seconds;
        b[off] = (byte) (s >>> 24);
        b[off + 1] = (byte) (s >>> 16);
        b[off + 2] = (byte) (s >>> 8);
        b[off + 3] = (byte) s;
        b[off + 4] = (byte) (nanos >>> 24);
        b[off + 5] = (byte) (nanos >>> 16);
        b[off + 6] = (byte) (nanos >>> 8);
        b[off + 7] = (byte) nanos;
    }

    public static EventTime fromExtPayload(byte[] b) {
        if (b.length != 8) {
            throw new IllegalArgumentException("EventTime ext length: " + b.length + " (expected: 8)");
        }
        long s = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        long ns = ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFFL) << 16) | ((b[6] & 0xFFL) << 8) | (b[7] & 0xFFL);
        if (ns > 999_999_999L) {
            throw new IllegalArgumentException("EventTime nanoseconds: " + ns + " (expected: 0..999999999)");
        }
        return new EventTime(s, (int) ns);
    }

    @Override
    public int compareTo(EventTime o) {
        int c = Long.compare(seconds, o.seconds);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }
}
