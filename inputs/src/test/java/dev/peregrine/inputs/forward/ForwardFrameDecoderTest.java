package dev.peregrine.inputs.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame splitter fed one byte at a time and in random pieces, with paranoid leak detection (surefire). */
class ForwardFrameDecoderTest {
    private static final long MAX = 6_144_000;

    private static List<byte[]> feed(EmbeddedChannel ch, byte[] data, Random pieces) {
        List<byte[]> frames = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            int n = pieces == null ? 1 : 1 + pieces.nextInt(Math.min(4096, data.length - i));
            ch.writeInbound(Unpooled.wrappedBuffer(data, i, n));
            i += n;
            ByteBuf f;
            while ((f = ch.readInbound()) != null) {
                frames.add(ByteBufUtil.getBytes(f));
                f.release();
            }
        }
        return frames;
    }

    private static byte[][] sample() {
        return new byte[][] {
            TestFrames.forward("app.a", 3, null),
            TestFrames.message("app.b", 1700000000L, "hello", "c1"),
            TestFrames.packed("app.c", TestFrames.entries(50), Map.of("chunk", "x")),
            TestFrames.packed("app.d", TestFrames.gzip(TestFrames.entries(20)), Map.of("compressed", "gzip")),
            TestFrames.pack(p -> p.packArrayHeader(2).packString("t").packArrayHeader(1).packArrayHeader(2)
                .packDouble(1.5).packMapHeader(1).packString("k").packBinaryHeader(0)),
            // every msgpack type once, nested
            TestFrames.pack(p -> {
                p.packArrayHeader(2).packString("all").packArrayHeader(1).packArrayHeader(2).packInt(1);
                p.packMapHeader(12).packString("nil").packNil().packString("b").packBoolean(true)
                    .packString("neg").packInt(-100000).packString("u64").packLong(Long.MAX_VALUE)
                    .packString("f32").packFloat(1.25f).packString("f64").packDouble(2.5)
                    .packString("s8").packString("x".repeat(40)).packString("s16").packString("y".repeat(300))
                    .packString("bin").packBinaryHeader(3).writePayload(new byte[] {1, 2, 3})
                    .packString("ext").packExtensionTypeHeader((byte) 5, 3).writePayload(new byte[] {7, 8, 9})
                    .packString("arr").packArrayHeader(20);
                for (int i = 0; i < 20; i++) {
                    p.packInt(i);
                }
                p.packString("map").packMapHeader(17);
                for (int i = 0; i < 17; i++) {
                    p.packString("k" + i).packMapHeader(0);
                }
            }),
        };
    }

    @Test
    void oneByteAtATimeGivesEachFrameExactly() {
        byte[][] frames = sample();
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(MAX));
        List<byte[]> got = feed(ch, TestFrames.concat(frames), null);
        assertEquals(frames.length, got.size());
        for (int i = 0; i < frames.length; i++) {
            assertArrayEquals(frames[i], got.get(i), "frame " + i);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void randomPiecesGiveEachFrameExactly() {
        byte[][] frames = sample();
        byte[] one = TestFrames.concat(frames);
        byte[] all = TestFrames.concat(one, one, one);
        for (int seed = 0; seed < 50; seed++) {
            EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(MAX));
            List<byte[]> got = feed(ch, all, new Random(seed));
            assertEquals(frames.length * 3, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(frames[i % frames.length], got.get(i));
            }
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void truncatedFrameEmitsNothing() {
        byte[] f = TestFrames.forward("t", 5, null);
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(MAX));
        assertTrue(feed(ch, java.util.Arrays.copyOf(f, f.length - 1), null).isEmpty());
        ch.finishAndReleaseAll();
    }

    private static ForwardProtocolException rejected(long max, byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(max));
        DecoderException e = assertThrows(DecoderException.class, () -> feed(ch, data, null));
        // After the error the rest of the stream is ignored (the connection is being closed).
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x92, 1, 2}));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
        return assertInstanceOf(ForwardProtocolException.class, e.getCause());
    }

    @Test
    void nonArrayRootIsRejectedAtTheFirstByte() {
        ForwardProtocolException e = rejected(MAX, "{\"json\": true}".getBytes());
        assertTrue(e.describe().contains("first byte 0x7b is not a msgpack array"), e.describe());
        rejected(MAX, "GET / HTTP/1.1\r\n".getBytes());
        rejected(MAX, new byte[] {(byte) 0x83});
    }

    @Test
    void neverUsedByteIsRejected() {
        ForwardProtocolException e = rejected(MAX, new byte[] {(byte) 0x92, (byte) 0xc1});
        assertTrue(e.describe().contains("0xc1"), e.describe());
    }

    @Test
    void hugeDeclaredLengthsAreRejectedBeforeThePayload() {
        // ["t", str32 of 4 GB]: refused as soon as the 5 header bytes are in.
        byte[] str32 = {(byte) 0x92, (byte) 0xa1, 't', (byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertTrue(rejected(MAX, str32).describe().contains("declares 4294967295 bytes"));
        byte[] bin32 = {(byte) 0x92, (byte) 0xa1, 't', (byte) 0xc6, 0x7f, 0, 0, 0};
        assertTrue(rejected(MAX, bin32).describe().contains("incoming data exceed limit (6144000 bytes)"));
        byte[] ext32 = {(byte) 0x92, (byte) 0xa1, 't', (byte) 0xc9, 0x10, 0, 0, 0, 0};
        rejected(MAX, ext32);
        byte[] arr32 = {(byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertTrue(rejected(MAX, arr32).describe().contains("declares 4294967295 elements"));
        byte[] map32 = {(byte) 0x92, (byte) 0xa1, 't', (byte) 0xdf, 0x01, 0, 0, 0};
        rejected(MAX, map32);
    }

    @Test
    void frameOverBufferMaxSizeIsRejected() {
        byte[] f = TestFrames.forward("t", 2000, null);
        ForwardProtocolException e = rejected(f.length - 1, f);
        assertTrue(e.describe().contains("incoming data exceed limit"), e.describe());
        assertTrue(e.describe().contains("expected: a frame of at most Buffer_Max_Size"), e.describe());
        // exactly at the limit is fine
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(f.length));
        assertEquals(1, feed(ch, f, new Random(1)).size());
        ch.finishAndReleaseAll();
    }

    @Test
    void deepNestingIsRejected() {
        byte[] deep = new byte[200];
        java.util.Arrays.fill(deep, (byte) 0x91);
        assertTrue(rejected(MAX, deep).describe().contains("nesting deeper than"));
    }

    @Test
    void randomBytesNeverHangOrLeak() {
        Random r = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            junk[0] = (byte) (0x90 | r.nextInt(16));
            EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(10_000));
            try {
                feed(ch, junk, new Random(i));
            } catch (DecoderException e) {
                assertInstanceOf(ForwardProtocolException.class, e.getCause());
            }
            ch.finishAndReleaseAll();
        }
    }
}
