package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one complete Forward protocol frame into events, as Fluent Bit's fw_prot_process does: the mode is chosen by
 * the second element's type, entries may be {@code [time, record]} or {@code [[time, metadata], record]}, and the
 * options map may ask for an ack or say the payload is gzip. Bodies stay msgpack bytes ({@link Event#raw}).
 *
 * <p>One reader per connection: it remembers the last tag so that a stream of frames with one tag makes one String.
 */
final class ForwardFrameReader {
    /** Fluent Bit's group start/end markers (EventTime seconds with nanoseconds 0): not records. */
    private static final long GROUP_START = 0xFFFFFFFFL;
    private static final long GROUP_END = 0xFFFFFFFEL;

    private final long maxSize;
    private byte[] lastTagBytes = new byte[0];
    private String lastTag;

    ForwardFrameReader(long maxSize) {
        this.maxSize = maxSize;
    }

    enum Mode { MESSAGE, FORWARD, PACKED_FORWARD, COMPRESSED_PACKED_FORWARD }

    /** A read frame: its tag, its events, and the raw msgpack of its {@code chunk} option (null: no ack). */
    record Frame(Mode mode, String tag, List<Event> events, byte[] ack) {
    }

    /** Options of one frame. */
    private static final class Opts {
        byte[] chunk;
        String compressed;
        MapValue metadata;
    }

    Frame read(byte[] b, int off, int len) throws ForwardProtocolException {
        MsgpackReader r = new MsgpackReader(b, off, len);
        if (!MsgpackReader.isArray(r.peek())) {
            throw bad("frame is " + MsgpackReader.typeName(r.peek()), "an array [tag, ...]");
        }
        long n = r.arrayHeader();
        if (n < 2) {
            throw bad("frame is an array of " + n + " element(s)", "[tag, entries|time, ...] of at least 2");
        }
        String tag = tag(r);
        int t = r.peek();
        if (MsgpackReader.isArray(t)) {
            long count = r.arrayHeader();
            List<Event> events = new ArrayList<>((int) Math.min(count, 1 << 16));
            for (long i = 0; i < count; i++) {
                entry(r, events, false);
            }
            Opts o = options(r, n, 3, false);
            return new Frame(Mode.FORWARD, tag, events, o.chunk);
        }
        if ((MsgpackReader.isInt(t) && !r.intIsNegative()) || MsgpackReader.isExt(t)) {
            EventTime time = time(r, true);
            if (!MsgpackReader.isMap(r.peek())) {
                throw bad("Message mode record is " + MsgpackReader.typeName(r.peek()), "a map");
            }
            int start = r.position();
            r.skip();
            int end = r.position();
            Opts o = options(r, n, 4, true);
            List<Event> events = time == null ? List.of()
                : List.of(Event.raw(time, o.metadata == null ? Event.EMPTY_MAP : o.metadata, b, start, end - start));
            return new Frame(Mode.MESSAGE, tag, events, o.chunk);
        }
        if (MsgpackReader.isStr(t) || MsgpackReader.isBin(t)) {
            int plen = r.bytesHeader();
            if (plen > maxSize) {
                throw bad("packedforward payload too large (" + plen + " bytes)",
                    "at most Buffer_Max_Size=" + maxSize + " bytes");
            }
            int poff = r.position();
            r.skipBytes(plen);
            Opts o = options(r, n, 3, false);
            byte[] entries = b;
            int eoff = poff;
            int elen = plen;
            Mode mode = Mode.PACKED_FORWARD;
            if (o.compressed != null && !o.compressed.equals("gzip") && !o.compressed.equals("text")) {
                throw bad("unsupported compression '" + o.compressed + "'", "compressed: gzip");
            }
            if ("gzip".equals(o.compressed) || (o.compressed == null && BoundedGunzip.sniff(b, poff, plen))) {
                BoundedGunzip.Inflated in = BoundedGunzip.inflate(b, poff, plen, maxSize);
                entries = in.data();
                eoff = 0;
                elen = in.length();
                mode = Mode.COMPRESSED_PACKED_FORWARD;
            }
            MsgpackReader er = new MsgpackReader(entries, eoff, elen);
            List<Event> events = new ArrayList<>(Math.max(16, elen / 128));
            while (er.hasMore()) {
                entry(er, events, true);
            }
            return new Frame(mode, tag, events, o.chunk);
        }
        if (MsgpackReader.isFloat(t)) {
            throw bad("invalid data format: Message mode time is a float", "an int or EventTime time");
        }
        throw bad("invalid data format, type=" + MsgpackReader.typeName(t) + " as second element",
            "an array (Forward), int/EventTime (Message) or str/bin (PackedForward)");
    }

    private String tag(MsgpackReader r) throws ForwardProtocolException {
        if (!MsgpackReader.isStr(r.peek())) {
            throw bad("tag is " + MsgpackReader.typeName(r.peek()), "a str tag as first element");
        }
        int len = r.bytesHeader();
        int at = r.position();
        byte[] b = r.bytes();
        r.skipBytes(len);
        if (lastTag != null && Arrays.equals(lastTagBytes, 0, lastTagBytes.length, b, at, at + len)) {
            return lastTag;
        }
        if (len == 0) {
            throw bad("tag is empty", "a non-empty tag");
        }
        lastTagBytes = Arrays.copyOfRange(b, at, at + len);
        lastTag = new String(lastTagBytes, StandardCharsets.UTF_8);
        return lastTag;
    }

    /** Reads one entry; group markers are consumed and not added. */
    private void entry(MsgpackReader r, List<Event> out, boolean packed) throws ForwardProtocolException {
        int t = r.peek();
        if (!MsgpackReader.isArray(t)) {
            throw bad((packed ? "packed " : "") + "entry is " + MsgpackReader.typeName(t),
                "[time, record] or [[time, metadata], record]");
        }
        long n = r.arrayHeader();
        if (n != 2) {
            throw bad("entry is an array of " + n + " element(s)", "[time, record] or [[time, metadata], record]");
        }
        EventTime time;
        MapValue meta = Event.EMPTY_MAP;
        if (MsgpackReader.isArray(r.peek())) {
            long h = r.arrayHeader();
            if (h != 2) {
                throw bad("entry header is an array of " + h + " element(s)", "[time, metadata]");
            }
            time = time(r, false);
            if (!MsgpackReader.isMap(r.peek())) {
                throw bad("entry metadata is " + MsgpackReader.typeName(r.peek()), "a map");
            }
            meta = map(r);
        } else {
            time = time(r, false);
        }
        if (!MsgpackReader.isMap(r.peek())) {
            throw bad("record is " + MsgpackReader.typeName(r.peek()), "a map");
        }
        int start = r.position();
        r.skip();
        if (time != null) {
            out.add(Event.raw(time, meta, r.bytes(), start, r.position() - start));
        }
    }

    /** Decodes a (usually empty) map; the empty one is shared. */
    private static MapValue map(MsgpackReader r) throws ForwardProtocolException {
        if (r.peek() == 0x80) {
            r.skipBytes(1);
            return Event.EMPTY_MAP;
        }
        int start = r.position();
        r.skip();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(r.bytes(), start, r.position() - start)) {
            return u.unpackValue().asMapValue();
        } catch (IOException e) {
            throw bad("invalid metadata map: " + e.getMessage(), "a msgpack map");
        }
    }

    /** Reads a time; null for a group marker. */
    private static EventTime time(MsgpackReader r, boolean message) throws ForwardProtocolException {
        int t = r.peek();
        if (MsgpackReader.isInt(t)) {
            if (r.intIsNegative()) {
                throw bad("negative time", "a time >= 0");
            }
            long s = r.integer();
            if (s < 0) {
                throw bad("time out of range", "seconds that fit in 63 bits");
            }
            return new EventTime(s, 0);
        }
        if (MsgpackReader.isFloat(t)) {
            if (message) {
                throw bad("invalid data format: Message mode time is a float", "an int or EventTime time");
            }
            double d = r.floating();
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw bad("invalid float time " + d, "a time >= 0");
            }
            return EventTime.ofDouble(d);
        }
        if (MsgpackReader.isExt(t)) {
            int len = r.extHeader();
            if (r.extType != 0 || len != 8) {
                throw bad("time is ext type " + r.extType + " of " + len + " bytes", "EventTime (ext 0, 8 bytes)");
            }
            int at = r.position();
            long s = r.uint32At(at);
            long ns = r.uint32At(at + 4);
            r.skipBytes(8);
            if (ns == 0 && (s == GROUP_START || s == GROUP_END)) {
                return null;
            }
            if (ns > 999_999_999L) {
                throw bad("EventTime nanoseconds " + ns, "0..999999999");
            }
            return new EventTime(s, (int) ns);
        }
        throw bad("time is " + MsgpackReader.typeName(t), "an int, float or EventTime");
    }

    private static Opts options(MsgpackReader r, long n, int index, boolean message) throws ForwardProtocolException {
        Opts o = new Opts();
        if (n < index) {
            return o;
        }
        int t = r.peek();
        if (t == 0xc0) {
            r.skipBytes(1); // old Docker fluentd log drivers send nil
        } else if (MsgpackReader.isMap(t)) {
            long m = r.mapHeader();
            for (long i = 0; i < m; i++) {
                if (!MsgpackReader.isStr(r.peek())) {
                    throw bad("option key is " + MsgpackReader.typeName(r.peek()), "str keys in the options map");
                }
                String k = r.str();
                switch (k) {
                    case "chunk" -> {
                        int start = r.position();
                        r.skip();
                        o.chunk = Arrays.copyOfRange(r.bytes(), start, r.position());
                    }
                    case "compressed" -> {
                        if (!MsgpackReader.isStr(r.peek())) {
                            throw bad("option 'compressed' is " + MsgpackReader.typeName(r.peek()), "a str");
                        }
                        o.compressed = r.str();
                    }
                    case "metadata" -> {
                        if (message && MsgpackReader.isMap(r.peek())) {
                            o.metadata = map(r);
                        } else {
                            r.skip();
                        }
                    }
                    case "fluent_signal" -> {
                        if (MsgpackReader.isInt(r.peek())) {
                            long s = r.integer();
                            if (s != 0) {
                                throw bad("fluent_signal " + s + " (metrics/traces) is not supported",
                                    "fluent_signal 0 (logs)");
                            }
                        } else {
                            r.skip();
                        }
                    }
                    default -> r.skip(); // size and unknown options are ignored, as Fluent Bit does
                }
            }
        } else {
            throw bad("options is " + MsgpackReader.typeName(t), "a map (or nil)");
        }
        // Extra trailing elements are ignored; the frame was already delimited by the decoder.
        return o;
    }

    private static ForwardProtocolException bad(String reason, String expected) {
        return new ForwardProtocolException(reason, expected);
    }
}
