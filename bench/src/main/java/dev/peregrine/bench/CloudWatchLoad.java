package dev.peregrine.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole-process load for {@code cloudwatch_logs}: a local stand-in for CloudWatch Logs (Netty, 127.0.0.1) answers
 * every call at once and counts PutLogEvents events and batch sizes as the service counts them (UTF-8 message
 * bytes + 26 per event); the real agent (dist/target/peregrine.jar) sends {@code dummy} at a high rate to it.
 * Prints events/s and the average batch fill against the 10,000-event and 1,048,576-byte limits.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.peregrine.bench.CloudWatchLoad [seconds] [copies]}
 */
public final class CloudWatchLoad {
    private static final AtomicLong EVENTS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong BATCHES = new AtomicLong();
    private static final AtomicLong FULL = new AtomicLong();

    private CloudWatchLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4 << 20),
                            new Endpoint());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            run(port, seconds, copies);
            server.close().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    private static void run(int port, int seconds, int copies) throws Exception {
        Path dir = Files.createTempDirectory("peregrine-cwload");
        Path conf = dir.resolve("load.conf");
        Files.writeString(conf, "[SERVICE]\n    Flush 1\n    Log_Level warn\n\n"
            + "[INPUT]\n    Name dummy\n    Tag load\n    Rate 1000\n    Copies " + copies + "\n"
            + "    Mem_Buf_Limit 64M\n"
            + "    Dummy {\"log\":\"2026-11-28T01:00:00.000Z INFO request handled path=/api/v1/items/42 status=200 "
            + "duration_ms=12\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":\"web-7d9c\","
            + "\"namespace_name\":\"shop\"}}\n\n"
            + "[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n    region us-east-1\n"
            + "    endpoint http://127.0.0.1:" + port + "\n    log_group_name load\n    log_stream_name s\n");
        String jar = Path.of("dist/target/peregrine.jar").toAbsolutePath().toString();
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx512m", "-jar", jar, "-c",
            conf.toString()).inheritIO();
        pb.environment().put("AWS_ACCESS_KEY_ID", "load");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "load");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (EVENTS.get() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            if (EVENTS.get() == 0) {
                throw new IllegalStateException("no PutLogEvents within 30 s");
            }
            Thread.sleep(5000); // warm-up: JIT and steady buffers
            long e0 = EVENTS.get();
            long b0 = BYTES.get();
            long n0 = BATCHES.get();
            long f0 = FULL.get();
            double c0 = ProcessStats.cpuSeconds(p.pid());
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long events = EVENTS.get() - e0;
            long bytes = BYTES.get() - b0;
            long batches = BATCHES.get() - n0;
            long full = FULL.get() - f0;
            double c1 = ProcessStats.cpuSeconds(p.pid());
            double wall = (System.nanoTime() - t0) / 1e9;
            double avgEvents = (double) events / batches;
            double avgBytes = (double) bytes / batches;
            System.out.printf("dummy(Copies=%d) -> cloudwatch_logs -> local endpoint, %ds: %.0f events/s, "
                    + "%.2f agent cores, %d PutLogEvents; average batch %.0f events (%.1f%% of 10,000), "
                    + "%.0f bytes (%.1f%% of 1,048,576); %.1f%% of batches full (within one event of a limit); "
                    + "peak RSS %.0f MB%n", copies, seconds, events / wall, (c1 - c0) / wall, batches, avgEvents,
                100 * avgEvents / 10_000, avgBytes, 100 * avgBytes / 1_048_576, 100.0 * full / batches,
                ProcessStats.peakRssMb(p.pid()));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** Answers like CloudWatch Logs; counts PutLogEvents contents. */
    private static final class Endpoint extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String target = req.headers().get("X-Amz-Target", "");
            String body = "{}";
            if (target.endsWith(".PutLogEvents")) {
                count(req.content());
                body = "{\"nextSequenceToken\":\"1\"}";
            }
            ByteBuf out = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.1")
                .set(HttpHeaderNames.CONTENT_LENGTH, out.readableBytes())
                .set("x-amzn-RequestId", UUID.randomUUID().toString());
            HttpUtil.setKeepAlive(resp, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(resp);
        }

        /** Counts events and their size as the service does: decoded UTF-8 message bytes + 26 each. */
        private static void count(ByteBuf content) {
            byte[] b = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), b);
            byte[] key = "\"message\":".getBytes(StandardCharsets.US_ASCII);
            long events = 0;
            long bytes = 0;
            int i = 0;
            while ((i = indexOf(b, key, i)) >= 0) {
                i += key.length;
                while (b[i] != '"') {
                    i++;
                }
                i++;
                long len = 0;
                while (b[i] != '"') {
                    if (b[i] == '\\') {
                        byte e = b[i + 1];
                        if (e == 'u') {
                            int cp = Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16);
                            len += cp < 0x80 ? 1 : cp < 0x800 ? 2 : Character.isSurrogate((char) cp) ? 2 : 3;
                            i += 6;
                        } else {
                            len++;
                            i += 2;
                        }
                    } else {
                        len++;
                        i++;
                    }
                }
                events++;
                bytes += len + 26;
            }
            EVENTS.addAndGet(events);
            BYTES.addAndGet(bytes);
            BATCHES.incrementAndGet();
            if (events >= 10_000 || bytes > 1_048_576 - 300) {
                FULL.incrementAndGet();
            }
        }

        private static int indexOf(byte[] b, byte[] k, int from) {
            outer:
            for (int i = from; i <= b.length - k.length; i++) {
                for (int j = 0; j < k.length; j++) {
                    if (b[i + j] != k[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
