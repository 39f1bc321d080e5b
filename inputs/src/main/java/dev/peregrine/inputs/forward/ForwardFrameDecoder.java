package dev.peregrine.inputs.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the byte stream into complete msgpack root values (one Forward protocol frame each) without decoding them,
 * and emits each as a retained slice of the cumulation.
 *
 * <p>It is a resumable state machine: the scan position and the stack of open containers survive between reads, so
 * bytes arriving one at a time are each looked at once (no rescanning from the frame start). Every size is checked
 * against {@code maxFrame} (Buffer_Max_Size) as soon as its header is complete: a declared str/bin/ext length or an
 * element count that cannot fit is rejected before anything is waited for or allocated, and the cumulation never
 * holds more than one frame plus one socket read.
 *
 * <p>The root must be an array: every Forward frame and every handshake message is one, so anything else (random
 * bytes, JSON, HTTP) is rejected at its first byte.
 */
public final class ForwardFrameDecoder extends ByteToMessageDecoder {
    /**
     * Deepest container nesting accepted. Fluent Bit's msgpack-c unpacker has a small fixed stack too; without a cap a
     * frame of a few MB of nested arrays would blow the stack of whatever decodes the body later.
     */
    static final int MAX_DEPTH = 64;

    private final long maxFrame;
    /** Offset from the reader index of the next token header. */
    private long scanned;
    /** remaining[d]: values still to read at depth d; depth 0 is the root. */
    private final long[] remaining = new long[MAX_DEPTH + 1];
    private int depth;
    private boolean failed;

    public ForwardFrameDecoder(long maxFrame) {
        this.maxFrame = maxFrame;
        reset();
    }

    private void reset() {
        scanned = 0;
        depth = 0;
        remaining[0] = 1;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ForwardProtocolException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (scan(in)) {
                out.add(in.readRetainedSlice((int) scanned));
                reset();
            }
        } catch (ForwardProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Advances the scan over what is readable; true when one root value is complete at [0, scanned). */
    private boolean scan(ByteBuf in) throws ForwardProtocolException {
        final int base = in.readerIndex();
        final long readable = in.readableBytes();
        while (depth > 0 || remaining[0] > 0) {
            if (scanned >= readable) {
                return false;
            }
            int at = (int) (base + scanned);
            int t = in.getUnsignedByte(at);
            if (scanned == 0 && !isArray(t)) {
                throw new ForwardProtocolException("invalid frame: first byte 0x" + Integer.toHexString(t)
                    + " is not a msgpack array", "a msgpack array [tag, ...] per frame");
            }
            int header = headerSize(t);
            if (header < 0) {
                throw new ForwardProtocolException("invalid msgpack: byte 0x" + Integer.toHexString(t)
                    + " at offset " + scanned, "valid msgpack");
            }
            if (scanned + header > readable) {
                return false; // the length bytes are not all here yet
            }
            long len = header == 1 ? 0 : lengthField(in, at, t);
            long payload = 0;
            long children = 0;
            switch (kind(t)) {
                case ARRAY -> children = t >= 0x90 && t <= 0x9f ? t & 0x0f : len;
                case MAP -> children = 2 * (t >= 0x80 && t <= 0x8f ? t & 0x0f : len);
                case BYTES -> payload = t >= 0xa0 && t <= 0xbf ? t & 0x1f : len;
                case EXT -> payload = fixExtSize(t) >= 0 ? fixExtSize(t) + 1 : len + 1;
                case FIXED -> payload = fixedPayload(t);
                default -> {
                }
            }
            long end = scanned + header + payload;
            // Each pending child needs at least one byte: a count that cannot fit is refused now, not after 6 MB.
            if (end + children > maxFrame) {
                throw new ForwardProtocolException("incoming data exceed limit (" + maxFrame + " bytes): "
                    + (payload > 0 ? "a value declares " + payload + " bytes" : "a container declares "
                    + children + " elements") + " at offset " + scanned,
                    "a frame of at most Buffer_Max_Size=" + maxFrame + " bytes");
            }
            scanned = end;
            remaining[depth]--;
            if (children > 0) {
                if (depth == MAX_DEPTH) {
                    throw new ForwardProtocolException("msgpack nesting deeper than " + MAX_DEPTH + " levels",
                        "at most " + MAX_DEPTH + " nested arrays/maps");
                }
                remaining[++depth] = children;
            }
            while (depth > 0 && remaining[depth] == 0) {
                depth--;
            }
        }
        return scanned <= readable;
    }

    enum Kind { SCALAR, FIXED, BYTES, EXT, ARRAY, MAP }

    static boolean isArray(int t) {
        return (t >= 0x90 && t <= 0x9f) || t == 0xdc || t == 0xdd;
    }

    static Kind kind(int t) {
        if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) {
            return Kind.SCALAR;
        }
        if (t <= 0x8f || t == 0xde || t == 0xdf) {
            return Kind.MAP;
        }
        if (t <= 0x9f || t == 0xdc || t == 0xdd) {
            return Kind.ARRAY;
        }
        if (t <= 0xbf || (t >= 0xc4 && t <= 0xc6) || (t >= 0xd9 && t <= 0xdb)) {
            return Kind.BYTES;
        }
        if ((t >= 0xc7 && t <= 0xc9) || (t >= 0xd4 && t <= 0xd8)) {
            return Kind.EXT;
        }
        return Kind.FIXED; // 0xca-0xd3: floats and sized ints, payload after the type byte
    }

    /** Bytes of the type byte plus its length field, or -1 for the never-used 0xc1. */
    static int headerSize(int t) {
        return switch (t) {
            case 0xc1 -> -1;
            case 0xc4, 0xc7, 0xd9 -> 2;
            case 0xc5, 0xc8, 0xda, 0xdc, 0xde -> 3;
            case 0xc6, 0xc9, 0xdb, 0xdd, 0xdf -> 5;
            default -> 1;
        };
    }

    static int fixExtSize(int t) {
        return switch (t) {
            case 0xd4 -> 1;
            case 0xd5 -> 2;
            case 0xd6 -> 4;
            case 0xd7 -> 8;
            case 0xd8 -> 16;
            default -> -1;
        };
    }

    static int fixedPayload(int t) {
        return switch (t) {
            case 0xca -> 4;
            case 0xcb -> 8;
            case 0xcc, 0xd0 -> 1;
            case 0xcd, 0xd1 -> 2;
            case 0xce, 0xd2 -> 4;
            case 0xcf, 0xd3 -> 8;
            default -> 0;
        };
    }

    private static long lengthField(ByteBuf in, int at, int t) {
        return switch (headerSize(t)) {
            case 2 -> in.getUnsignedByte(at + 1);
            case 3 -> in.getUnsignedShort(at + 1);
            default -> in.getUnsignedInt(at + 1);
        };
    }
}
