package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.FlushResult;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One persistent connection to the forward server, shared by the output's workers (Netty writes are ordered and
 * thread-safe; acks are matched by chunk id). A broken connection fails its pending acks with RETRY and the next
 * flush opens a new one.
 */
final class ForwardClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Replies (acks, HELO, PONG) are tiny; anything bigger is a broken server. */
    private static final int MAX_REPLY = 64 * 1024;

    private final EventLoopGroup group;
    private final ForwardOutputOptions opts;
    private final SslContext ssl;
    private final Log log;
    private CompletableFuture<Connection> current;
    private volatile boolean stopped;

    ForwardClient(EventLoopGroup group, ForwardOutputOptions opts, SslContext ssl, Log log) {
        this.group = group;
        this.opts = opts;
        this.ssl = ssl;
        this.log = log;
    }

    synchronized CompletableFuture<Connection> connection() {
        CompletableFuture<Connection> c = current;
        if (c != null && !c.isCompletedExceptionally()) {
            Connection conn = c.getNow(null);
            if (conn == null || conn.channel.isActive()) {
                return c;
            }
        }
        current = connect();
        return current;
    }

    private CompletableFuture<Connection> connect() {
        CompletableFuture<Connection> ready = new CompletableFuture<>();
        if (stopped) {
            ready.completeExceptionally(new IOException("output stopped"));
            return ready;
        }
        Connection conn = new Connection(ready);
        Bootstrap b = new Bootstrap().group(group)
            .channel(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                opts.connectTimeoutMillis()))
            .option(ChannelOption.SO_KEEPALIVE, true)
            .handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (ssl != null) {
                        String sni = opts.tls().vhost() != null ? opts.tls().vhost() : opts.host();
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, opts.port()));
                    }
                    ch.pipeline().addLast(new ReplyDecoder(), conn);
                }
            });
        ChannelFuture f = b.connect(opts.host(), opts.port());
        conn.channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                ready.completeExceptionally(done.cause());
            } else if (!opts.handshake()) {
                ready.complete(conn);
            } else {
                // The server speaks first (HELO); give it the connect timeout to finish the handshake.
                f.channel().eventLoop().schedule(() -> {
                    if (ready.completeExceptionally(new IOException("handshake did not finish in time"))) {
                        f.channel().close();
                    }
                }, opts.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
            }
        });
        return ready;
    }

    void stop() {
        stopped = true;
        CompletableFuture<Connection> c;
        synchronized (this) {
            c = current;
        }
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            c.join().channel.close().awaitUninterruptibly(2000);
        }
    }

    /** Splits replies into msgpack values, refusing anything that is not small. */
    private static final class ReplyDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
            while (in.isReadable()) {
                int t = in.getUnsignedByte(in.readerIndex());
                if (t == 0xdc || t == 0xdd || t == 0xde || t == 0xdf) {
                    long n = t == 0xdc || t == 0xde ? (in.readableBytes() >= 3 ? in.getUnsignedShort(in.readerIndex()
                        + 1) : 0) : (in.readableBytes() >= 5 ? in.getUnsignedInt(in.readerIndex() + 1) : 0);
                    if (n > 16) {
                        throw new IOException("server reply declares " + n + " elements (expected: an ack, HELO "
                            + "or PONG)");
                    }
                }
                // A heap copy: msgpack-core cannot read Netty's direct buffers on Java 17 without --add-opens,
                // and replies are a few dozen bytes.
                byte[] bytes = new byte[in.readableBytes()];
                in.getBytes(in.readerIndex(), bytes);
                try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
                    Value v = u.unpackValue();
                    in.skipBytes((int) u.getTotalReadBytes());
                    out.add(v);
                } catch (MessageInsufficientBufferException e) {
                    if (in.readableBytes() > MAX_REPLY) {
                        throw new IOException("server reply over " + MAX_REPLY + " bytes");
                    }
                    return;
                }
            }
        }
    }

    /** The handler of one connection: handshake, then acks. */
    final class Connection extends SimpleChannelInboundHandler<Value> {
        private final CompletableFuture<Connection> ready;
        private final Map<String, CompletableFuture<FlushResult>> acks = new ConcurrentHashMap<>();
        volatile Channel channel;
        private byte[] salt;
        private byte[] nonce;

        Connection(CompletableFuture<Connection> ready) {
            this.ready = ready;
        }

        /** Writes a frame; {@code result} completes OK on the ack (or on the write when no ack is wanted). */
        void send(ByteBuf frame, String chunkId, CompletableFuture<FlushResult> result) {
            Channel ch = channel;
            if (chunkId != null) {
                acks.put(chunkId, result);
                ch.eventLoop().schedule(() -> {
                    if (acks.remove(chunkId) != null && result.complete(FlushResult.RETRY)) {
                        log.warn("no ack for chunk " + chunkId + " within " + opts.ackTimeoutMillis() / 1000.0
                            + "s from " + opts.host() + ":" + opts.port() + ", closing the connection");
                        ch.close();
                    }
                }, opts.ackTimeoutMillis(), TimeUnit.MILLISECONDS);
            }
            ch.writeAndFlush(frame).addListener(w -> {
                if (!w.isSuccess()) {
                    if (chunkId != null) {
                        acks.remove(chunkId);
                    }
                    if (result.complete(FlushResult.RETRY)) {
                        log.warn("could not write to " + opts.host() + ":" + opts.port() + ": " + w.cause());
                    }
                } else if (chunkId == null) {
                    result.complete(FlushResult.OK);
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Value v) throws Exception {
            if (v.isMapValue()) {
                Value id = v.asMapValue().map().get(ValueFactory.newString("ack"));
                if (id != null) {
                    CompletableFuture<FlushResult> r = acks.remove(id.isRawValue() ? id.asRawValue().asString()
                        : id.toString());
                    if (r != null) {
                        r.complete(FlushResult.OK);
                    }
                    return;
                }
            }
            if (v.isArrayValue() && v.asArrayValue().size() > 0 && v.asArrayValue().get(0).isStringValue()) {
                ArrayValue a = v.asArrayValue();
                switch (a.get(0).asStringValue().asString()) {
                    case "HELO" -> {
                        helo(ctx, a);
                        return;
                    }
                    case "PONG" -> {
                        pong(ctx, a);
                        return;
                    }
                    default -> {
                    }
                }
            }
            log.warn("unexpected reply from " + opts.host() + ":" + opts.port() + ": " + v);
        }

        private void helo(ChannelHandlerContext ctx, ArrayValue a) throws IOException {
            if (!opts.handshake()) {
                failHandshake(ctx, "the server asks for a handshake (HELO) but no shared_key is set");
                return;
            }
            Value opt = a.size() > 1 && a.get(1).isMapValue() ? a.get(1) : null;
            Value n = opt == null ? null : opt.asMapValue().map().get(ValueFactory.newString("nonce"));
            Value auth = opt == null ? null : opt.asMapValue().map().get(ValueFactory.newString("auth"));
            if (n == null || !n.isRawValue()) {
                failHandshake(ctx, "invalid HELO: " + a);
                return;
            }
            nonce = n.asRawValue().asByteArray();
            byte[] authSalt = auth != null && auth.isRawValue() ? auth.asRawValue().asByteArray() : new byte[0];
            byte[] r = new byte[16];
            RANDOM.nextBytes(r);
            salt = HexFormat.of().formatHex(r).getBytes(StandardCharsets.US_ASCII);
            byte[] host = opts.selfHostname().getBytes(StandardCharsets.UTF_8);
            byte[] user = opts.username().getBytes(StandardCharsets.UTF_8);
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packArrayHeader(6).packString("PING").packString(opts.selfHostname());
                p.packRawStringHeader(salt.length).writePayload(salt);
                p.packString(hex(sha512(salt, host, nonce, opts.sharedKey())));
                p.packString(opts.username());
                p.packString(opts.username().isEmpty() ? "" : hex(sha512(authSalt, user,
                    opts.password().getBytes(StandardCharsets.UTF_8))));
                ctx.writeAndFlush(Unpooled.wrappedBuffer(p.toByteArray()));
            }
        }

        private void pong(ChannelHandlerContext ctx, ArrayValue a) {
            if (salt == null || a.size() < 5) {
                failHandshake(ctx, "unexpected PONG: " + a);
                return;
            }
            if (!a.get(1).isBooleanValue() || !a.get(1).asBooleanValue().getBoolean()) {
                failHandshake(ctx, "the server refused the handshake: " + a.get(2));
                return;
            }
            String host = a.get(3).isRawValue() ? a.get(3).asRawValue().asString() : "";
            String want = hex(sha512(salt, host.getBytes(StandardCharsets.UTF_8), nonce, opts.sharedKey()));
            String got = a.get(4).isRawValue() ? a.get(4).asRawValue().asString() : "";
            if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII),
                got.getBytes(StandardCharsets.US_ASCII))) {
                failHandshake(ctx, "shared key mismatch in the server's PONG");
                return;
            }
            ready.complete(this);
        }

        private void failHandshake(ChannelHandlerContext ctx, String why) {
            log.error("handshake with " + opts.host() + ":" + opts.port() + " failed: " + why);
            ready.completeExceptionally(new IOException("handshake failed: " + why));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ready.completeExceptionally(new IOException("connection closed by " + opts.host() + ":" + opts.port()));
            for (String id : acks.keySet()) {
                CompletableFuture<FlushResult> r = acks.remove(id);
                if (r != null) {
                    r.complete(FlushResult.RETRY);
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("connection to " + opts.host() + ":" + opts.port() + ": " + cause.getMessage());
            ctx.close();
        }
    }

    static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
