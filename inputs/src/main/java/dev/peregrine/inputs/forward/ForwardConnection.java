package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.InputSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.DecoderException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection, after {@link ForwardFrameDecoder}: runs the handshake when one is configured, turns frames
 * into events, appends them and then acks. A protocol error closes this connection only, with one log line naming
 * the peer.
 */
final class ForwardConnection extends ChannelInboundHandlerAdapter {
    private static final byte[] ACK_PREFIX = {(byte) 0x81, (byte) 0xa3, 'a', 'c', 'k'};

    private final InputSink sink;
    private final Log log;
    private final String tagPrefix;
    private final ForwardFrameReader reader;
    private ForwardHandshake handshake;
    private String peer;
    private boolean failed;
    private boolean unflushed;
    private String lastIn;
    private String lastOut;

    ForwardConnection(InputSink sink, Log log, ForwardOptions o) {
        this.sink = sink;
        this.log = log;
        this.tagPrefix = o.tagPrefix();
        this.reader = new ForwardFrameReader(o.bufferMaxSize());
        if (o.handshake()) {
            handshake = new ForwardHandshake(o.sharedKey(), o.selfHostname(), o.users());
        }
    }

    static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        if (a instanceof DomainSocketAddress d) {
            return "unix:" + d.path();
        }
        return String.valueOf(a);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = describe(ctx.channel().remoteAddress());
        if (handshake != null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.helo()));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        byte[] frame;
        try {
            if (failed) {
                return;
            }
            // One copy per frame: events keep slices of it after the cumulation buffer is reused.
            frame = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        try {
            if (handshake != null) {
                ping(ctx, frame);
                return;
            }
            ForwardFrameReader.Frame f = reader.read(frame, 0, frame.length);
            if (f.ack() == null) {
                if (!f.events().isEmpty()) {
                    sink.append(outTag(f.tag()), f.events());
                }
                return;
            }
            // The ack goes once the records are durable: at once in memory (as Fluent Bit acks after ingest); with
            // storage.type filesystem after the chunk file write (and fsync with storage.sync full).
            java.util.concurrent.CompletableFuture<Void> stored = f.events().isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : sink.appendDurable(outTag(f.tag()), f.events()).toCompletableFuture();
            byte[] chunkId = f.ack();
            if (stored.isDone() && !stored.isCompletedExceptionally()) {
                writeAck(ctx, chunkId);
                unflushed = true;
            } else {
                stored.whenComplete((v, ex) -> ctx.executor().execute(() -> {
                    if (ex != null) {
                        // No ack: the client resends; closing makes it do so now rather than at its ack timeout.
                        fail(ctx, "records not stored durably, not acknowledged: " + ex.getMessage());
                    } else if (ctx.channel().isActive()) {
                        writeAck(ctx, chunkId);
                        ctx.flush();
                    }
                }));
            }
        } catch (ForwardProtocolException e) {
            fail(ctx, e.describe());
        }
    }

    private static void writeAck(ChannelHandlerContext ctx, byte[] chunkId) {
        ByteBuf ack = ctx.alloc().buffer(ACK_PREFIX.length + chunkId.length);
        ack.writeBytes(ACK_PREFIX).writeBytes(chunkId);
        ctx.write(ack);
    }

    private void ping(ChannelHandlerContext ctx, byte[] frame) throws ForwardProtocolException {
        ForwardHandshake.Outcome o = handshake.ping(frame);
        if (o.accepted()) {
            handshake = null;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(o.reply()));
            return;
        }
        failed = true;
        log.warn("peer " + peer + ": " + o.failure() + " (expected: the configured shared key and users)");
        if (o.reply() != null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(o.reply())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private String outTag(String in) {
        if (in == lastIn) {
            return lastOut;
        }
        String out = tagPrefix != null ? tagPrefix + in : sink.tagSet() ? sink.tag() : in;
        lastIn = in;
        lastOut = out;
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (failed) {
            return;
        }
        failed = true;
        log.warn("peer " + peer + ": " + reason);
        if (unflushed) {
            unflushed = false;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // A TLS handshake that times out (e.g. a plain-text client whose first byte looks like SSLv2) ends here,
        // not in exceptionCaught.
        if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent e && !e.isSuccess()) {
            Throwable c = e.cause();
            fail(ctx, "TLS error: " + (c instanceof io.netty.handler.ssl.NotSslRecordException
                ? "not a TLS record" : c.getMessage()) + " (expected: a TLS client; tls is on for this input)");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof ForwardProtocolException e) {
            fail(ctx, e.describe());
        } else if (c instanceof IOException) {
            // A peer resetting the connection is routine, not worth more than debug.
            if (log.isDebug()) {
                log.debug("peer " + peer + ": " + c.getMessage());
            }
            failed = true;
            ctx.close();
        } else if (c instanceof io.netty.handler.ssl.NotSslRecordException) {
            // Its message is a hex dump of the record: say what it means instead.
            fail(ctx, "TLS error: not a TLS record (expected: a TLS client; tls is on for this input)");
        } else if (c instanceof javax.net.ssl.SSLException || c.getCause() instanceof javax.net.ssl.SSLException) {
            fail(ctx, "TLS error: " + c.getMessage() + " (expected: a successful TLS handshake)");
        } else {
            fail(ctx, "internal error: " + c);
        }
    }
}
