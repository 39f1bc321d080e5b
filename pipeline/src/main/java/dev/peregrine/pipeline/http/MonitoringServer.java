package dev.peregrine.pipeline.http;

import dev.peregrine.pipeline.cli.Agent;
import dev.peregrine.pipeline.cli.Version;
import dev.peregrine.pipeline.config.ServiceOptions;
import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Options;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Fluent Bit's HTTP monitoring API (HTTP_Server, HTTP_Listen, HTTP_Port, Health_Check) with the same paths, JSON
 * shapes and Prometheus metric names, so dashboards, probes and scrapers built for Fluent Bit keep working.
 * Handlers only read counters: nothing blocks the event loop (a reload runs on its own thread).
 */
public final class MonitoringServer {
    private static final Log LOG = Log.of("http_server");

    private final Supplier<Engine> engine;
    private final Options service;
    private final EventLoopGroup group;
    private final Agent agent;
    private Channel channel;

    public MonitoringServer(Supplier<Engine> engine, Options service, EventLoopGroup group, Agent agent) {
        this.engine = engine;
        this.service = service;
        this.group = group;
        this.agent = agent;
    }

    public void start() throws InterruptedException {
        String host = service.str(ServiceOptions.HTTP_LISTEN);
        int port = service.integer(ServiceOptions.HTTP_PORT).intValue();
        ServerBootstrap b = new ServerBootstrap().group(group)
            .channel(group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Handler());
                }
            });
        channel = b.bind(host, port).sync().channel();
        LOG.info("listen iface=" + host + " tcp_port=" + port);
    }

    /** The bound port (useful when HTTP_Port is 0). */
    public int port() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    public void stop() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1000);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            Engine e = engine.get();
            Reply r = switch (path) {
                case "/" -> json(root());
                case "/api/v1/uptime" -> json(uptime(e));
                case "/api/v1/metrics" -> json(MetricsView.v1Json(e));
                case "/api/v1/metrics/prometheus" ->
                    new Reply(HttpResponseStatus.OK, "text/plain; version=0.0.4", MetricsView.prometheus(e));
                case "/api/v2/metrics/prometheus" -> new Reply(HttpResponseStatus.OK, "text/plain; version=0.0.4",
                    CmetricsView.prometheus(CmetricsView.families(e, System.currentTimeMillis(), reloads())));
                // Fluent Bit sends the cmetrics text encoding with no content type.
                case "/api/v2/metrics" -> new Reply(HttpResponseStatus.OK, null, CmetricsView.text(
                    CmetricsView.families(e, System.currentTimeMillis(), reloads()), nowNanos()));
                case "/api/v1/health" -> service.bool(ServiceOptions.HEALTH_CHECK) ? health(e)
                    : new Reply(HttpResponseStatus.NOT_FOUND, "text/plain", "");
                case "/api/v2/health" -> json(healthJson(e));
                case "/api/v1/storage" -> json(MetricsView.storageJson(e));
                case "/api/v1/plugins" -> json(MetricsView.pluginsJson(e));
                case "/api/v2/reload" -> reload(req);
                default -> new Reply(HttpResponseStatus.NOT_FOUND, "text/plain", "");
            };
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status,
                Unpooled.copiedBuffer(r.body, StandardCharsets.UTF_8));
            if (r.contentType != null) {
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType);
            }
            resp.headers().set(HttpHeaderNames.SERVER, "Peregrine");
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                HttpUtil.setKeepAlive(resp, true);
                ctx.writeAndFlush(resp);
            } else {
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private record Reply(HttpResponseStatus status, String contentType, String body) {
    }

    private int reloads() {
        return agent == null ? 0 : agent.reloadCount();
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Reply json(String body) {
        return new Reply(HttpResponseStatus.OK, "application/json", body);
    }

    private static String root() {
        return "{\"fluent-bit\":{\"version\":\"" + Version.FLUENT_BIT + "\",\"edition\":\"Community\",\"flags\":"
            + "[\"FLB_HAVE_METRICS\",\"FLB_HAVE_HTTP_SERVER\"]},\"peregrine\":{\"version\":\"" + Version.PEREGRINE
            + "\"}}";
    }

    static String uptime(Engine e) {
        long secs = (System.currentTimeMillis() - e.startMillis()) / 1000;
        long d = secs / 86400;
        long h = (secs % 86400) / 3600;
        long m = (secs % 3600) / 60;
        long s = secs % 60;
        // Fluent Bit's wording: a unit is plural only above 1 ("0 day", "1 second", "5 seconds").
        return "{\"uptime_sec\":" + secs + ",\"uptime_hr\":\"Fluent Bit has been running:  " + d + " day"
            + (d > 1 ? "s" : "") + ", " + h + " hour" + (h > 1 ? "s" : "") + ", " + m + " minute"
            + (m > 1 ? "s" : "") + " and " + s + " second" + (s > 1 ? "s" : "") + "\"}";
    }

    private boolean healthy(Engine e) {
        long period = service.integer(ServiceOptions.HC_PERIOD);
        return e.recent(false, period) <= service.integer(ServiceOptions.HC_ERRORS_COUNT)
            && e.recent(true, period) <= service.integer(ServiceOptions.HC_RETRY_FAILURE_COUNT);
    }

    private Reply health(Engine e) {
        return healthy(e) ? new Reply(HttpResponseStatus.OK, "text/plain", "ok\n")
            : new Reply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "error\n");
    }

    private String healthJson(Engine e) {
        long period = service.integer(ServiceOptions.HC_PERIOD);
        return "{\"status\":\"" + (healthy(e) ? "ok" : "error") + "\",\"errors\":" + e.recent(false, period)
            + ",\"retries_failed\":" + e.recent(true, period) + ",\"error_limit\":"
            + service.integer(ServiceOptions.HC_ERRORS_COUNT) + ",\"retry_failure_limit\":"
            + service.integer(ServiceOptions.HC_RETRY_FAILURE_COUNT) + ",\"period_limit\":" + period + "}";
    }

    private Reply reload(FullHttpRequest req) {
        if (req.method().equals(HttpMethod.GET)) {
            return json("{\"hot_reload_count\":" + agent.reloadCount() + "}");
        }
        if (!req.method().equals(HttpMethod.POST) && !req.method().equals(HttpMethod.PUT)) {
            return new Reply(HttpResponseStatus.BAD_REQUEST, "text/plain", "");
        }
        if (!agent.hotReloadEnabled()) {
            return new Reply(HttpResponseStatus.BAD_REQUEST, "application/json",
                "{\"reload\":\"not enabled\",\"status\":-1}");
        }
        new Thread(agent::reload, "flb-reload").start();
        return json("{\"reload\":\"done\",\"status\":0}");
    }
}
