package dev.peregrine.bench.fuzz;

import dev.peregrine.inputs.forward.ForwardFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the Forward input's decoding: the frame splitter ({@link ForwardFrameDecoder}, fed in random pieces) then
 * the frame reader (package-private, reached by reflection so production code keeps its API). Documented error:
 * {@code ForwardProtocolException} (wrapped by Netty in a {@link DecoderException} from the splitter).
 */
public final class ForwardDecoderFuzz {
    private ForwardDecoderFuzz() {
    }

    public static List<byte[]> corpus() throws Exception {
        List<byte[]> c = new ArrayList<>();
        byte[] entries = entries(3);
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("app.log").packArrayHeader(3);
            p.writePayload(entries);
            p.packMapHeader(1).packString("chunk").packString("abc");
            c.add(p.toByteArray());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("packed").packBinaryHeader(entries.length).writePayload(entries);
            p.packMapHeader(1).packString("size").packInt(3);
            c.add(p.toByteArray());
        }
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(entries);
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("gz").packBinaryHeader(z.size()).writePayload(z.toByteArray());
            p.packMapHeader(2).packString("compressed").packString("gzip").packString("chunk").packString("q");
            c.add(p.toByteArray());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(4).packString("msg").packLong(1_700_000_000L).packMapHeader(1).packString("k")
                .packString("v").packMapHeader(1).packString("chunk").packString("m1");
            c.add(p.toByteArray());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("x").packExtensionTypeHeader((byte) 0, 8)
                .writePayload(new byte[] {0x65, 0, 0, 0, 0, 0, 0, 1}).packMapHeader(0);
            c.add(p.toByteArray());
        }
        return c;
    }

    private static byte[] entries(int n) throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            for (int i = 0; i < n; i++) {
                p.packArrayHeader(2).packArrayHeader(2).packExtensionTypeHeader((byte) 0, 8)
                    .writePayload(new byte[] {0x65, 0x5f, 0, 0, 0, 0, 0, (byte) i}).packMapHeader(0);
                p.packMapHeader(2).packString("seq").packInt(i).packString("log").packString("line " + i);
            }
            return p.toByteArray();
        }
    }

    /** True for the decoder's documented error. */
    public static boolean documented(Throwable t) {
        Throwable c = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getName().equals("dev.peregrine.inputs.forward.ForwardProtocolException");
    }

    public static FuzzHarness.Target target(long seed) throws Exception {
        Class<?> reader = Class.forName("dev.peregrine.inputs.forward.ForwardFrameReader");
        Constructor<?> ctor = reader.getDeclaredConstructor(long.class);
        ctor.setAccessible(true);
        Method read = reader.getDeclaredMethod("read", byte[].class, int.class, int.class);
        read.setAccessible(true);
        java.util.Random pieces = new java.util.Random(seed);
        return in -> {
            EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(1 << 20));
            Object r = ctor.newInstance(1L << 20);
            try {
                int i = 0;
                while (i < in.length) {
                    int n = 1 + pieces.nextInt(Math.max(1, in.length - i));
                    ch.writeInbound(Unpooled.wrappedBuffer(in, i, Math.min(n, in.length - i)));
                    i += n;
                    ByteBuf f;
                    while ((f = ch.readInbound()) != null) {
                        byte[] frame = ByteBufUtil.getBytes(f);
                        f.release();
                        read.invoke(r, frame, 0, frame.length);
                    }
                }
                // The reader is only ever given what the splitter passes (whole msgpack objects): as in production.
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw (Error) e.getCause();
            } finally {
                ch.finishAndReleaseAll();
            }
        };
    }

    public static void main(String[] args) throws Exception {
        long seed = FuzzHarness.seed(args);
        Mutator m = new Mutator(seed, corpus(), List.of());
        long bad = new FuzzHarness("forward-decoder", target(seed), ForwardDecoderFuzz::documented, 2000)
            .run(m, seed, FuzzHarness.seconds(args));
        System.exit(bad == 0 ? 0 : 1);
    }
}
