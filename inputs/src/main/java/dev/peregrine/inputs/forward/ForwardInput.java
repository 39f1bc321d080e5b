package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The forward server: binds TCP (or a Unix socket) on the shared event loops and gives each connection its own
 * decoder and {@link ForwardConnection}. Pausing turns autoRead off on every connection, so unread data waits in the
 * kernel and the client's own buffers; nothing is dropped.
 */
public final class ForwardInput implements Input {
    private final PluginContext ctx;
    private final ForwardOptions opts;
    private final SslContext ssl;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private volatile boolean paused;

    ForwardInput(PluginContext ctx, ForwardOptions opts) throws PluginConfigException {
        this.ctx = ctx;
        this.opts = opts;
        this.ssl = opts.tls() == null ? null : sslContext(opts.tls());
    }

    private static SslContext sslContext(ForwardOptions.Tls t) throws PluginConfigException {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(new File(t.crtFile()), new File(t.keyFile()),
                t.keyPasswd());
            if (t.caFile() != null) {
                b.trustManager(new File(t.caFile()));
            }
            b.clientAuth(t.verifyClient() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            List<String> protocols = new ArrayList<>();
            for (String v : List.of("TLSv1.2", "TLSv1.3")) {
                if ((t.minVersion() == null || v.compareTo(t.minVersion()) >= 0)
                    && (t.maxVersion() == null || v.compareTo(t.maxVersion()) <= 0)) {
                    protocols.add(v);
                }
            }
            if (!protocols.isEmpty()) {
                b.protocols(protocols);
            }
            if (t.ciphers() != null) {
                b.ciphers(t.ciphers());
            }
            return b.build();
        } catch (Exception e) {
            throw new PluginConfigException("tls: cannot load certificate or key: " + e.getMessage());
        }
    }

    @Override
    public void start(InputSink sink) throws Exception {
        EventLoopGroup group = ctx.eventLoops();
        boolean epoll = group instanceof EpollEventLoopGroup;
        ServerBootstrap b = new ServerBootstrap().group(group)
            .option(ChannelOption.SO_BACKLOG, opts.backlog())
            .option(ChannelOption.SO_REUSEADDR, true)
            // Bigger reads than Netty's 64 KB default: batches are usually hundreds of KB.
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
            .childHandler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    connections.add(ch);
                    if (paused) {
                        ch.config().setAutoRead(false);
                    }
                    if (ssl != null) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast(new ForwardFrameDecoder(opts.bufferMaxSize()),
                        new ForwardConnection(sink, ctx.log(), opts));
                }
            });
        String where;
        if (opts.unixPath() != null) {
            if (!epoll) {
                throw new PluginConfigException("unix_path needs the native epoll transport, not available here");
            }
            Path p = Path.of(opts.unixPath());
            Files.deleteIfExists(p);
            b.channel(EpollServerDomainSocketChannel.class);
            listeners.add(bind(b.bind(new DomainSocketAddress(p.toString())), opts.unixPath()));
            if (opts.unixPerm() != null) {
                Files.setPosixFilePermissions(p, permissions(opts.unixPerm()));
            }
            where = opts.unixPath();
        } else {
            b.channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
            int port = opts.port();
            if (opts.workers() > 1 && epoll) {
                // Each worker is its own listening socket on the port, the kernel spreading connections (as
                // Fluent Bit's workers do with SO_REUSEPORT).
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            int binds = epoll ? opts.workers() : 1;
            for (int i = 0; i < binds; i++) {
                Channel ch = bind(b.bind(opts.listen(), port), opts.listen() + ":" + port);
                listeners.add(ch);
                port = ((InetSocketAddress) ch.localAddress()).getPort();
            }
            where = opts.listen() + ":" + port;
        }
        ctx.log().info("listening on " + where + " with " + opts.workers() + " worker"
            + (opts.workers() > 1 ? "s" : ""));
    }

    private static Channel bind(ChannelFuture f, String where) throws Exception {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new PluginConfigException("could not bind address " + where + ": " + f.cause().getMessage());
        }
        return f.channel();
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** The bound TCP port (tests bind port 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    @Override
    public void pause() {
        paused = true;
        for (Channel ch : connections) {
            ch.config().setAutoRead(false);
        }
    }

    @Override
    public void resume() {
        paused = false;
        for (Channel ch : connections) {
            ch.config().setAutoRead(true);
        }
    }

    @Override
    public void stop() {
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly(2000);
        }
        connections.close().awaitUninterruptibly(2000);
        if (opts.unixPath() != null) {
            try {
                Files.deleteIfExists(Path.of(opts.unixPath()));
            } catch (java.io.IOException ignored) {
                // best effort: a stale socket file is removed again at the next start
            }
        }
    }
}
