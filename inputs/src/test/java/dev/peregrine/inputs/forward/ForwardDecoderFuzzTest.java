package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.fuzz.ByteMutator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Short seeded fuzz of the Forward decoding path (splitter fed in random pieces, then the frame reader): only
 * ForwardProtocolException may come out. The long-running version is bench's ForwardDecoderFuzz.
 */
class ForwardDecoderFuzzTest {
    @Test
    void seededMutations_onlyProtocolErrors() {
        List<byte[]> corpus = List.of(TestFrames.forward("app", 3, "c1"), TestFrames.message("m", 1_700_000_000L,
            "hello", "c2"), TestFrames.packed("p", TestFrames.entries(4), Map.of("size", "4")),
            TestFrames.packed("g", TestFrames.gzip(TestFrames.entries(2)), Map.of("compressed", "gzip")));
        Random r = new Random(Long.getLong("fuzz.seed", 7L));
        long end = System.currentTimeMillis() + Long.getLong("fuzz.millis", 3000L);
        List<String> crashes = new ArrayList<>();
        int inputs = 0;
        while (System.currentTimeMillis() < end) {
            byte[] in = corpus.get(r.nextInt(corpus.size())).clone();
            for (int i = r.nextInt(6); i > 0; i--) {
                in = ByteMutator.mutate(r, in, List.of());
            }
            inputs++;
            EmbeddedChannel ch = new EmbeddedChannel(new ForwardFrameDecoder(1 << 20));
            ForwardFrameReader reader = new ForwardFrameReader(1 << 20);
            try {
                int i = 0;
                while (i < in.length) {
                    int n = Math.min(in.length - i, 1 + r.nextInt(in.length - i));
                    ch.writeInbound(Unpooled.wrappedBuffer(in, i, n));
                    i += n;
                    ByteBuf f;
                    while ((f = ch.readInbound()) != null) {
                        byte[] frame = ByteBufUtil.getBytes(f);
                        f.release();
                        reader.read(frame, 0, frame.length);
                    }
                }
            } catch (ForwardProtocolException e) {
                // documented
            } catch (DecoderException e) {
                if (!(e.getCause() instanceof ForwardProtocolException)) {
                    crashes.add(e + " on " + HexFormat.of().formatHex(in));
                }
            } catch (RuntimeException | Error e) {
                crashes.add(e + " on " + HexFormat.of().formatHex(in));
            } finally {
                ch.finishAndReleaseAll();
            }
        }
        System.out.println("forward decoder fuzz: " + inputs + " inputs, " + crashes.size() + " crashes");
        assertEquals(List.of(), crashes.subList(0, Math.min(5, crashes.size())));
    }
}
