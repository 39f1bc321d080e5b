package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output against small servers written here with plain sockets and msgpack-core. */
class ForwardOutputTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void setUp() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void tearDown() {
        group.shutdownGracefully().awaitUninterruptibly();
    }

    private static Output output(Map<String, String> kv) throws Exception {
        Section s = new Section("OUTPUT", new Location("t.conf", 1));
        s.add("name", "forward", new Location("t.conf", 2));
        s.add("match", "*", new Location("t.conf", 3));
        int line = 4;
        for (var e : kv.entrySet()) {
            s.add(e.getKey(), e.getValue(), new Location("t.conf", line++));
        }
        List<ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(new ForwardOutputFactory(), s, Env.system(Map.of()), errors);
        assertTrue(errors.isEmpty(), errors.toString());
        Log log = Log.of("output:forward:forward.0");
        return new ForwardOutputFactory().create(new PluginContext() {
            public String name() {
                return "forward.0";
            }

            public Options options() {
                return o;
            }

            public Log log() {
                return log;
            }

            public ParserRegistry parsers() {
                return new ParserRegistry();
            }

            public ServiceSettings service() {
                return ServiceSettings.DEFAULTS;
            }

            public EventLoopGroup eventLoops() {
                return group;
            }

            public ScheduledExecutorService scheduler() {
                return null;
            }

            public InstanceMetrics metrics() {
                return new InstanceMetrics("forward.0");
            }
        });
    }

    private static Chunk chunk(int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.of(new EventTime(1700000000L + i, i), i == 0
                    ? ValueFactory.newMap(ValueFactory.newString("m"), ValueFactory.newString("meta"))
                    : Event.EMPTY_MAP,
                ValueFactory.newMap(ValueFactory.newString("seq"), ValueFactory.newInteger(i))));
        }
        Chunk c = new Chunk("app.log", events);
        c.seal();
        return c;
    }

    /** A one-connection server: hands each received msgpack value and the socket to a handler. */
    private static final class Server implements AutoCloseable {
        final ServerSocket ss = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
        final List<byte[]> raw = new ArrayList<>();
        final Thread t;

        Server(BiConsumer<Socket, MessageUnpacker> body) throws IOException {
            t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    body.accept(s, MessagePack.newDefaultUnpacker(new RecordingStream(in, raw)));
                } catch (IOException | RuntimeException e) {
                    // the test closed the server, or the client went away: both are part of the tests
                }
            });
            t.start();
        }

        int port() {
            return ss.getLocalPort();
        }

        byte[] received() {
            synchronized (raw) {
                java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
                raw.forEach(o::writeBytes);
                return o.toByteArray();
            }
        }

        @Override
        public void close() throws Exception {
            ss.close();
            t.join(5000);
        }
    }

    /** Keeps a copy of the bytes read, to check the exact encoding. */
    private static final class RecordingStream extends java.io.FilterInputStream {
        private final List<byte[]> raw;

        RecordingStream(InputStream in, List<byte[]> raw) {
            super(in);
            this.raw = raw;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                synchronized (raw) {
                    raw.add(java.util.Arrays.copyOfRange(b, off, off + n));
                }
            }
            return n;
        }
    }

    private static Value next(MessageUnpacker u) {
        try {
            return u.unpackValue();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void write(Socket s, Value v) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packValue(v);
            s.getOutputStream().write(p.toByteArray());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void checkEntries(ArrayValue entries, boolean meta, boolean intTime) {
        for (int i = 0; i < entries.size(); i++) {
            ArrayValue e = entries.get(i).asArrayValue();
            Value time = meta ? e.get(0).asArrayValue().get(0) : e.get(0);
            if (intTime) {
                assertEquals(1700000000L + i, time.asIntegerValue().asLong());
            } else {
                ExtensionValue x = time.asExtensionValue();
                assertEquals(0, x.getType());
                assertArrayEquals(new EventTime(1700000000L + i, i).toExtPayload(), x.getData());
            }
            if (meta) {
                assertEquals(i == 0 ? "{\"m\":\"meta\"}" : "{}", e.get(0).asArrayValue().get(1).toString());
            }
            assertEquals("{\"seq\":" + i + "}", e.get(1).toString());
        }
    }

    @Test
    void forwardModeKeepsMetadataAndUsesMap32Options() throws Exception {
        CompletableFuture<Value> got = new CompletableFuture<>();
        try (Server srv = new Server((s, u) -> got.complete(next(u)))) {
            Output out = output(Map.of("port", String.valueOf(srv.port())));
            assertEquals(FlushResult.OK, out.flush(chunk(5)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            ArrayValue f = got.get(10, TimeUnit.SECONDS).asArrayValue();
            assertEquals("app.log", f.get(0).toString());
            checkEntries(f.get(1).asArrayValue(), true, false);
            assertEquals("{\"size\":5,\"fluent_signal\":0}", f.get(2).toString());
            byte[] wire = srv.received();
            byte[] opts = TestBytes.of(0xdf, 0, 0, 0, 2);
            assertTrue(TestBytes.indexOf(wire, opts) > 0, "options map has a map32 header");
            out.stop();
        }
    }

    @Test
    void ackAnswersOkOnlyWhenTheAckArrives() throws Exception {
        CompletableFuture<String> chunkId = new CompletableFuture<>();
        CompletableFuture<Void> sendAck = new CompletableFuture<>();
        try (Server srv = new Server((s, u) -> {
            ArrayValue f = next(u).asArrayValue();
            String id = f.get(2).asMapValue().map().get(ValueFactory.newString("chunk")).toString();
            chunkId.complete(id);
            sendAck.join();
            write(s, ValueFactory.newMap(ValueFactory.newString("ack"), ValueFactory.newString(id)));
            next(u);
        })) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "require_ack_response", "on"));
            CompletableFuture<FlushResult> r = out.flush(chunk(3)).toCompletableFuture();
            String id = chunkId.get(10, TimeUnit.SECONDS);
            assertEquals(24, id.length(), "base64 of 16 bytes");
            Thread.sleep(200);
            assertTrue(!r.isDone(), "not OK before the ack");
            sendAck.complete(null);
            assertEquals(FlushResult.OK, r.get(10, TimeUnit.SECONDS));
            out.stop();
        }
    }

    @Test
    void missingAckIsRetryAfterTheTimeout() throws Exception {
        try (Server srv = new Server((s, u) -> {
            next(u);
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "require_ack_response", "on",
                "net.io_timeout", "1s"));
            long t0 = System.nanoTime();
            assertEquals(FlushResult.RETRY, out.flush(chunk(2)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 >= 900_000_000L);
            out.stop();
        }
    }

    @Test
    void connectionRefusedIsRetryAndClosedConnectionFailsPendingAcks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Output out = output(Map.of("port", String.valueOf(port)));
        assertEquals(FlushResult.RETRY, out.flush(chunk(1)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        out.stop();
        try (Server srv = new Server((s, u) -> next(u))) {
            Output acked = output(Map.of("port", String.valueOf(srv.port()), "require_ack_response", "on"));
            assertEquals(FlushResult.RETRY, acked.flush(chunk(1)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            acked.stop();
        }
    }

    @Test
    void gzipIsCompressedPackedForward() throws Exception {
        CompletableFuture<Value> got = new CompletableFuture<>();
        try (Server srv = new Server((s, u) -> got.complete(next(u)))) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "compress", "gzip",
                "time_as_integer", "on", "retain_metadata_in_forward_mode", "off", "tag", "new.tag"));
            assertEquals(FlushResult.OK, out.flush(chunk(4)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            ArrayValue f = got.get(10, TimeUnit.SECONDS).asArrayValue();
            assertEquals("new.tag", f.get(0).toString());
            assertEquals("{\"size\":4,\"compressed\":\"gzip\",\"fluent_signal\":0}", f.get(2).toString());
            byte[] entries = new GZIPInputStream(new ByteArrayInputStream(f.get(1).asBinaryValue().asByteArray()))
                .readAllBytes();
            MessageUnpacker u = MessagePack.newDefaultUnpacker(entries);
            List<Value> l = new ArrayList<>();
            while (u.hasNext()) {
                l.add(u.unpackValue());
            }
            checkEntries(ValueFactory.newArray(l), false, true);
            out.stop();
        }
    }

    static String sha512hex(byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-512");
        for (byte[] p : parts) {
            d.update(p);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static Server handshakeServer(String key, boolean lieInPong, CompletableFuture<Value> data)
        throws IOException {
        byte[] nonce = "0123456789ABCDEF".getBytes();
        byte[] auth = "abcdefghijklmnop".getBytes();
        return new Server((s, u) -> {
            Map<Value, Value> m = new LinkedHashMap<>();
            m.put(ValueFactory.newString("nonce"), ValueFactory.newString(nonce));
            m.put(ValueFactory.newString("auth"), ValueFactory.newString(auth));
            write(s, ValueFactory.newArray(ValueFactory.newString("HELO"), ValueFactory.newMap(m)));
            ArrayValue ping = next(u).asArrayValue();
            try {
                assertEquals("PING", ping.get(0).toString());
                byte[] salt = ping.get(2).asRawValue().asByteArray();
                String want = sha512hex(salt, ping.get(1).asRawValue().asByteArray(), nonce, key.getBytes());
                boolean ok = want.equals(ping.get(3).toString());
                assertEquals("bob", ping.get(4).toString());
                assertEquals(sha512hex(auth, "bob".getBytes(), "pw".getBytes()), ping.get(5).toString());
                String digest = sha512hex(salt, "srv".getBytes(), nonce, (lieInPong ? "x" : key).getBytes());
                write(s, ValueFactory.newArray(ValueFactory.newString("PONG"), ValueFactory.newBoolean(ok),
                    ValueFactory.newString(ok ? "" : "shared_key mismatch"), ValueFactory.newString("srv"),
                    ValueFactory.newString(digest)));
                data.complete(next(u));
            } catch (Exception | AssertionError e) {
                data.completeExceptionally(e);
            }
        });
    }

    @Test
    void handshakeThenData() throws Exception {
        CompletableFuture<Value> data = new CompletableFuture<>();
        try (Server srv = handshakeServer("key1", false, data)) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "shared_key", "key1",
                "username", "bob", "password", "pw", "self_hostname", "me"));
            assertEquals(FlushResult.OK, out.flush(chunk(2)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals("app.log", data.get(10, TimeUnit.SECONDS).asArrayValue().get(0).toString());
            out.stop();
        }
    }

    @Test
    void handshakeFailuresAreRetry() throws Exception {
        try (Server srv = handshakeServer("key1", true, new CompletableFuture<>())) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "shared_key", "key1",
                "username", "bob", "password", "pw"));
            assertEquals(FlushResult.RETRY, out.flush(chunk(1)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            out.stop();
        }
        try (Server srv = handshakeServer("key1", false, new CompletableFuture<>())) {
            Output out = output(Map.of("port", String.valueOf(srv.port()), "shared_key", "other",
                "username", "bob", "password", "pw"));
            assertEquals(FlushResult.RETRY, out.flush(chunk(1)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            out.stop();
        }
    }

    /** Byte helpers for wire checks. */
    static final class TestBytes {
        static byte[] of(int... v) {
            byte[] b = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = (byte) v[i];
            }
            return b;
        }

        static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
