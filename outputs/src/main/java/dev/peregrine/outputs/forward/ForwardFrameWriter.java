package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the frame out_forward sends for a chunk. When entries keep metadata and EventTime (the defaults), the
 * entries are exactly the chunk's own encoding, so its cached msgpack goes out as is behind a small header.
 */
final class ForwardFrameWriter {
    private final ForwardOutputOptions opts;

    ForwardFrameWriter(ForwardOutputOptions opts) {
        this.opts = opts;
    }

    /** @param chunkId the ack id (null when no ack is wanted) */
    ByteBuf frame(Chunk chunk, String chunkId) {
        String tag = opts.tag() != null ? opts.tag() : chunk.tag();
        byte[] entries = entries(chunk);
        try (MessageBufferPacker head = MessagePack.newDefaultBufferPacker()) {
            head.packArrayHeader(3).packString(tag);
            byte[] body;
            if (opts.gzip()) {
                body = gzip(entries);
                head.packBinaryHeader(body.length);
            } else {
                body = entries;
                head.packArrayHeader(chunk.size());
            }
            MessageBufferPacker tail = MessagePack.newDefaultBufferPacker();
            int n = 2 + (opts.gzip() ? 1 : 0) + (chunkId != null ? 1 : 0);
            // Fluent Bit writes the options map with a map32 header whatever its size: peers must accept it.
            tail.addPayload(new byte[] {(byte) 0xdf, 0, 0, 0, (byte) n});
            if (chunkId != null) {
                tail.packString("chunk").packString(chunkId);
            }
            tail.packString("size").packInt(chunk.size());
            if (opts.gzip()) {
                tail.packString("compressed").packString("gzip");
            }
            tail.packString("fluent_signal").packInt(0);
            return Unpooled.wrappedBuffer(head.toByteArray(), body, tail.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] entries(Chunk chunk) {
        if (opts.retainMetadata() && !opts.timeAsInteger()) {
            return chunk.toMsgpack();
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            for (Event e : chunk.events()) {
                p.packArrayHeader(2);
                if (opts.retainMetadata()) {
                    p.packArrayHeader(2);
                }
                if (opts.timeAsInteger()) {
                    p.packLong(e.time().seconds());
                } else {
                    Event.packTime(p, e.time());
                }
                if (opts.retainMetadata()) {
                    p.packValue(e.metadata());
                }
                e.packBody(p);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, b.length / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out, 64 * 1024)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
