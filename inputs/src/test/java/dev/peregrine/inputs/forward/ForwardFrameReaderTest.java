package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mode, time form and entry form, and a bad value in every position of a frame. */
class ForwardFrameReaderTest {
    private static final long MAX = 6_144_000;

    private static ForwardFrameReader.Frame read(byte[] f) throws ForwardProtocolException {
        return new ForwardFrameReader(MAX).read(f, 0, f.length);
    }

    private static void assertRecords(List<Event> events, int count) {
        assertEquals(count, events.size());
        for (int i = 0; i < count; i++) {
            Event e = events.get(i);
            assertEquals(new EventTime(1700000000L + i, i), e.time());
            assertEquals("m" + i, e.body().map().get(ValueFactory.newString("msg")).asStringValue().asString());
            assertEquals(Event.EMPTY_MAP, e.metadata());
        }
    }

    @Test
    void forwardMode() throws Exception {
        ForwardFrameReader.Frame f = read(TestFrames.forward("app.log", 5, "abc"));
        assertEquals(ForwardFrameReader.Mode.FORWARD, f.mode());
        assertEquals("app.log", f.tag());
        assertRecords(f.events(), 5);
        assertArrayEquals(TestFrames.pack(p -> p.packString("abc")), f.ack());
        assertNull(read(TestFrames.forward("app.log", 1, null)).ack());
    }

    @Test
    void messageModeWithIntAndEventTimeAndMetadata() throws Exception {
        ForwardFrameReader.Frame f = read(TestFrames.message("m", 1700000123L, "hi", "c"));
        assertEquals(ForwardFrameReader.Mode.MESSAGE, f.mode());
        assertEquals(new EventTime(1700000123L, 0), f.events().get(0).time());
        assertEquals("hi", f.events().get(0).body().map().get(ValueFactory.newString("msg")).toString());
        byte[] ext = TestFrames.pack(p -> {
            p.packArrayHeader(4).packString("m");
            TestFrames.eventTime(p, 1700000000L, 123456789L);
            TestFrames.record(p, "x", 1);
            p.packMapHeader(2).packString("metadata").packMapHeader(1).packString("k").packString("v")
                .packString("size").packInt(1);
        });
        Event e = read(ext).events().get(0);
        assertEquals(new EventTime(1700000000L, 123456789), e.time());
        assertEquals("v", e.metadata().map().get(ValueFactory.newString("k")).toString());
    }

    @Test
    void messageModeRejectsFloatTime() {
        byte[] f = TestFrames.pack(p -> {
            p.packArrayHeader(3).packString("m").packDouble(1700000000.5);
            TestFrames.record(p, "x", 1);
        });
        ForwardProtocolException e = assertThrows(ForwardProtocolException.class, () -> read(f));
        assertTrue(e.getMessage().contains("invalid data format"), e.getMessage());
    }

    @Test
    void floatAndIntTimesInEntries() throws Exception {
        byte[] f = TestFrames.pack(p -> {
            p.packArrayHeader(2).packString("t").packArrayHeader(3);
            p.packArrayHeader(2).packDouble(1700000000.25);
            TestFrames.record(p, "a", 0);
            p.packArrayHeader(2).packInt(1700000001);
            TestFrames.record(p, "b", 1);
            p.packArrayHeader(2).packFloat(2.5f);
            TestFrames.record(p, "c", 2);
        });
        List<Event> ev = read(f).events();
        assertEquals(new EventTime(1700000000L, 250_000_000), ev.get(0).time());
        assertEquals(new EventTime(1700000001L, 0), ev.get(1).time());
        assertEquals(new EventTime(2, 500_000_000), ev.get(2).time());
    }

    @Test
    void v2EntryFormWithMetadata() throws Exception {
        byte[] f = TestFrames.pack(p -> {
            p.packArrayHeader(3).packString("t").packArrayHeader(2);
            p.packArrayHeader(2).packArrayHeader(2);
            TestFrames.eventTime(p, 1700000000L, 5);
            p.packMapHeader(0);
            TestFrames.record(p, "a", 0);
            p.packArrayHeader(2).packArrayHeader(2);
            TestFrames.eventTime(p, 1700000001L, 6);
            p.packMapHeader(1).packString("otel").packInt(1);
            TestFrames.record(p, "b", 1);
            // Fluent Bit's map32 options header
            p.addPayload(new byte[] {(byte) 0xdf, 0, 0, 0, 2});
            p.packString("size").packInt(2).packString("fluent_signal").packInt(0);
        });
        List<Event> ev = read(f).events();
        assertEquals(new EventTime(1700000000L, 5), ev.get(0).time());
        assertEquals(Event.EMPTY_MAP, ev.get(0).metadata());
        assertEquals(1, ev.get(1).metadata().map().get(ValueFactory.newString("otel")).asIntegerValue().asInt());
    }

    @Test
    void groupMarkersAreNotRecords() throws Exception {
        byte[] f = TestFrames.pack(p -> {
            p.packArrayHeader(2).packString("t").packArrayHeader(3);
            p.packArrayHeader(2).packArrayHeader(2);
            TestFrames.eventTime(p, 0xFFFFFFFFL, 0);
            p.packMapHeader(0).packMapHeader(0);
            p.packArrayHeader(2);
            TestFrames.eventTime(p, 1700000000L, 0);
            TestFrames.record(p, "m0", 0);
            p.packArrayHeader(2).packArrayHeader(2);
            TestFrames.eventTime(p, 0xFFFFFFFEL, 0);
            p.packMapHeader(0).packMapHeader(0);
        });
        assertEquals(1, read(f).events().size());
    }

    @Test
    void packedForwardBinAndStr() throws Exception {
        ForwardFrameReader.Frame f = read(TestFrames.packed("p", TestFrames.entries(100), Map.of("chunk", "id1")));
        assertEquals(ForwardFrameReader.Mode.PACKED_FORWARD, f.mode());
        assertRecords(f.events(), 100);
        byte[] payload = TestFrames.entries(3);
        byte[] str = TestFrames.pack(p -> {
            p.packArrayHeader(2).packString("p").packRawStringHeader(payload.length);
            p.writePayload(payload);
        });
        assertRecords(read(str).events(), 3);
        // Bodies are slices of the received bytes, not decoded: the raw msgpack round-trips byte for byte.
        Event e = f.events().get(7);
        try (var p = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            e.packBody(p);
            assertArrayEquals(TestFrames.pack(q -> TestFrames.record(q, "m7", 7)), p.toByteArray());
        }
    }

    @Test
    void gzipByOptionBySniffingAndConcatenatedMembers() throws Exception {
        byte[] entries = TestFrames.entries(300);
        ForwardFrameReader.Frame f = read(TestFrames.packed("z", TestFrames.gzip(entries),
            Map.of("compressed", "gzip")));
        assertEquals(ForwardFrameReader.Mode.COMPRESSED_PACKED_FORWARD, f.mode());
        assertRecords(f.events(), 300);
        assertRecords(read(TestFrames.packed("z", TestFrames.gzip(entries), null)).events(), 300);
        // Two gzip members, split in the middle of the entries: one stream after inflating.
        int cut = entries.length / 3;
        byte[] two = TestFrames.concat(TestFrames.gzip(Arrays.copyOfRange(entries, 0, cut)),
            TestFrames.gzip(Arrays.copyOfRange(entries, cut, entries.length)));
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("compressed", "gzip");
        opts.put("chunk", "k");
        assertRecords(read(TestFrames.packed("z", two, opts)).events(), 300);
    }

    @Test
    void gzipLimitsAndErrors() {
        byte[] entries = TestFrames.entries(1000);
        byte[] frame = TestFrames.packed("z", TestFrames.gzip(entries), Map.of("compressed", "gzip"));
        ForwardProtocolException e = assertThrows(ForwardProtocolException.class,
            () -> new ForwardFrameReader(entries.length - 1).read(frame, 0, frame.length));
        assertTrue(e.getMessage().contains("decompressed payload exceeds limit"), e.getMessage());
        byte[] bad = TestFrames.packed("z", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}, Map.of("compressed",
            "gzip"));
        assertTrue(assertThrows(ForwardProtocolException.class, () -> read(bad)).getMessage()
            .contains("invalid gzip"));
        byte[] notGzip = TestFrames.packed("z", entries, Map.of("compressed", "gzip"));
        assertThrows(ForwardProtocolException.class, () -> read(notGzip));
        byte[] zstd = TestFrames.packed("z", entries, Map.of("compressed", "zstd"));
        assertTrue(assertThrows(ForwardProtocolException.class, () -> read(zstd)).getMessage().contains("zstd"));
    }

    private static String bad(TestFrames.Body b) {
        return assertThrows(ForwardProtocolException.class, () -> read(TestFrames.pack(b))).describe();
    }

    @Test
    void wrongTypesInEveryPosition() {
        assertTrue(bad(p -> p.packArrayHeader(1).packString("t")).contains("array of 1 element"));
        assertTrue(bad(p -> p.packArrayHeader(2).packInt(1).packArrayHeader(0)).contains("tag is uint"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("").packArrayHeader(0)).contains("tag is empty"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packNil()).contains("type=nil"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packMapHeader(0)).contains("type=map"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packBoolean(true)).contains("type=bool"));
        assertTrue(bad(p -> p.packArrayHeader(3).packString("t").packInt(-5).packMapHeader(0))
            .contains("type=int"));
        // Message mode: record not a map, options not a map
        assertTrue(bad(p -> p.packArrayHeader(3).packString("t").packInt(1).packString("x"))
            .contains("record is str"));
        assertTrue(bad(p -> p.packArrayHeader(4).packString("t").packInt(1).packMapHeader(0).packInt(3))
            .contains("options is uint"));
        // Forward mode entries
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packInt(1))
            .contains("entry is uint"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(3).packInt(1)
            .packMapHeader(0).packNil()).contains("array of 3"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packString("now").packMapHeader(0)).contains("time is str"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packInt(-1).packMapHeader(0)).contains("negative time"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packInt(1).packArrayHeader(0)).contains("record is array"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packExtensionTypeHeader((byte) 1, 8).addPayload(new byte[8]).packMapHeader(0))
            .contains("ext type 1"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packExtensionTypeHeader((byte) 0, 4).addPayload(new byte[4]).packMapHeader(0))
            .contains("of 4 bytes"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packExtensionTypeHeader((byte) 0, 8).addPayload(new byte[] {0, 0, 0, 1, (byte) 0xff, 0, 0, 0})
            .packMapHeader(0)).contains("nanoseconds"));
        // v2 header
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packArrayHeader(2).packInt(1).packInt(2).packMapHeader(0)).contains("metadata is uint"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
            .packArrayHeader(1).packInt(1).packMapHeader(0)).contains("header is an array of 1"));
        // options
        assertTrue(bad(p -> p.packArrayHeader(3).packString("t").packArrayHeader(0).packMapHeader(1).packInt(1)
            .packInt(1)).contains("option key is uint"));
        assertTrue(bad(p -> p.packArrayHeader(3).packString("t").packArrayHeader(0).packMapHeader(1)
            .packString("compressed").packInt(1)).contains("'compressed' is uint"));
        assertTrue(bad(p -> p.packArrayHeader(3).packString("t").packArrayHeader(0).packMapHeader(1)
            .packString("fluent_signal").packInt(1)).contains("fluent_signal 1"));
        // packed forward: a payload that is not entries, or truncated
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packBinaryHeader(3).addPayload(new byte[] {
            (byte) 0x92, 1, (byte) 0x81})).contains("truncated"));
        assertTrue(bad(p -> p.packArrayHeader(2).packString("t").packBinaryHeader(2).addPayload(new byte[] {
            'h', 'i'})).contains("packed entry is"));
    }

    @Test
    void nilOptionsAreTolerated() throws Exception {
        byte[] f = TestFrames.pack(p -> {
            p.packArrayHeader(4).packString("docker").packInt(1);
            TestFrames.record(p, "x", 0);
            p.packNil();
        });
        assertEquals(1, read(f).events().size());
    }
}
