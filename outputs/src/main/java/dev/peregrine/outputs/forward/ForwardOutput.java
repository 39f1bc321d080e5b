package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.io.File;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends each chunk as one frame. Without Require_ack_response a chunk is OK once written to the socket; with it,
 * once the server's ack for its chunk id arrives. A connection that cannot be made, breaks, or an ack that does not
 * come in time answers RETRY: the engine owns retries.
 */
final class ForwardOutput implements Output {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PluginContext ctx;
    private final ForwardOutputOptions opts;
    private final ForwardFrameWriter writer;
    private final ForwardClient client;
    private volatile boolean downLogged;

    ForwardOutput(PluginContext ctx, ForwardOutputOptions opts) throws PluginConfigException {
        this.ctx = ctx;
        this.opts = opts;
        this.writer = new ForwardFrameWriter(opts);
        this.client = new ForwardClient(ctx.eventLoops(), opts, opts.tls() == null ? null : ssl(opts.tls()),
            ctx.log());
    }

    private static SslContext ssl(ForwardOutputOptions.Tls t) throws PluginConfigException {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (!t.verify()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (t.caFile() != null) {
                b.trustManager(new File(t.caFile()));
            }
            if (t.crtFile() != null && t.keyFile() != null) {
                b.keyManager(new File(t.crtFile()), new File(t.keyFile()), t.keyPasswd());
            }
            if (t.verify() && t.verifyHostname()) {
                b.endpointIdentificationAlgorithm("HTTPS");
            }
            return b.build();
        } catch (Exception e) {
            throw new PluginConfigException("tls: " + e.getMessage());
        }
    }

    @Override
    public CompletionStage<FlushResult> flush(Chunk chunk) {
        CompletableFuture<FlushResult> result = new CompletableFuture<>();
        String id = opts.requireAck() ? chunkId() : null;
        // Built here on the flush worker, not on the event loop: gzip of a 2 MB chunk takes a while.
        ByteBuf frame = writer.frame(chunk, id);
        client.connection().whenComplete((conn, err) -> {
            if (err != null) {
                frame.release();
                if (!downLogged) {
                    downLogged = true;
                    ctx.log().error("no upstream connections available to " + opts.host() + ":" + opts.port()
                        + ": " + (err.getMessage() != null ? err.getMessage() : err));
                }
                result.complete(FlushResult.RETRY);
                return;
            }
            downLogged = false;
            conn.send(frame, id, result);
        });
        return result;
    }

    /** 16 random bytes in base64, as Fluent Bit's chunk ids. */
    private static String chunkId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public void stop() {
        client.stop();
    }
}
