package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The input over real loopback sockets, with plain java.net clients. */
class ForwardInputTest {
    private static EventLoopGroup group;
    private static Path logFile;
    private final List<ForwardInput> started = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
        logFile = Files.createTempFile("forward-log", ".txt");
        Log.setFile(logFile.toString());
    }

    @AfterAll
    static void tearDown() throws IOException {
        group.shutdownGracefully().awaitUninterruptibly();
        Files.deleteIfExists(logFile);
    }

    @AfterEach
    void stopAll() {
        started.forEach(ForwardInput::stop);
    }

    private ForwardInput start(Map<String, String> opts, TestFrames.CollectingSink sink) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("listen", "127.0.0.1");
        o.put("port", "0");
        o.putAll(opts);
        ForwardInput in = (ForwardInput) new ForwardInputFactory().create(TestFrames.context(o, group));
        in.start(sink);
        started.add(in);
        return in;
    }

    private static TestFrames.CollectingSink sink() {
        return new TestFrames.CollectingSink("forward.0", false);
    }

    private static void waitFor(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Socket connect(ForwardInput in) throws IOException {
        Socket s = new Socket("127.0.0.1", in.port());
        s.setSoTimeout(5000);
        return s;
    }

    /** True when the server closed the connection (EOF or reset). */
    private static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> logLines(String containing) throws IOException {
        return Files.readAllLines(logFile).stream().filter(l -> l.contains(containing)).toList();
    }

    @Test
    void startupLineAndAllModesWithAcks() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of(), sink);
        assertFalse(logLines("[input:forward:forward.0] listening on 127.0.0.1:" + in.port() + " with 1 worker")
            .isEmpty());
        try (Socket s = connect(in)) {
            OutputStream out = s.getOutputStream();
            out.write(TestFrames.forward("a.forward", 10, "c1"));
            out.write(TestFrames.message("a.message", 1700000000L, "hi", "c2"));
            out.write(TestFrames.packed("a.packed", TestFrames.entries(20), Map.of("chunk", "c3")));
            out.write(TestFrames.packed("a.gzip", TestFrames.gzip(TestFrames.entries(30)), Map.of("chunk", "c4",
                "compressed", "gzip")));
            out.flush();
            MessageUnpacker u = MessagePack.newDefaultUnpacker(s.getInputStream());
            for (String id : List.of("c1", "c2", "c3", "c4")) {
                Value ack = u.unpackValue();
                assertEquals(ValueFactory.newMap(ValueFactory.newString("ack"), ValueFactory.newString(id)), ack);
            }
        }
        assertEquals(61, sink.records());
        assertEquals(List.of("a.forward", "a.message", "a.packed", "a.gzip"),
            sink.appends.stream().map(TestFrames.Append::tag).toList());
    }

    @Test
    void badInputClosesOnlyThatConnectionWithOneLine() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of("buffer_chunk_size", "1000", "buffer_max_size", "5000"), sink);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("not a msgpack array", "hello world\n".getBytes());
        bad.put("type=nil", TestFrames.pack(p -> p.packArrayHeader(2).packString("t").packNil()));
        bad.put("incoming data exceed limit (5000 bytes)", TestFrames.forward("t", 400, null));
        bad.put("declares 4294967295 bytes", new byte[] {(byte) 0x92, (byte) 0xa1, 't', (byte) 0xdb, -1, -1, -1, -1});
        bad.put("invalid gzip payload", TestFrames.packed("t", new byte[] {0x1f, (byte) 0x8b, 9, 9},
            Map.of("compressed", "gzip")));
        bad.put("decompressed payload exceeds limit", TestFrames.packed("t",
            TestFrames.gzip(new byte[100_000]), Map.of("compressed", "gzip")));
        try (Socket good = connect(in)) {
            for (var e : bad.entrySet()) {
                try (Socket s = connect(in)) {
                    s.getOutputStream().write(e.getValue());
                    assertTrue(closedByPeer(s), e.getKey() + "\n" + Files.readString(logFile));
                    int port = s.getLocalPort();
                    waitFor(() -> {
                        try {
                            return logLines("peer 127.0.0.1:" + port + ": ").size() == 1;
                        } catch (IOException x) {
                            return false;
                        }
                    }, "log line for " + e.getKey());
                    String line = logLines("peer 127.0.0.1:" + port + ": ").get(0);
                    assertTrue(line.contains("[input:forward:forward.0] peer 127.0.0.1:" + port + ": "), line);
                    assertTrue(line.contains(e.getKey()) && line.contains("(expected: "), line);
                }
                // the other connection still works
                good.getOutputStream().write(TestFrames.forward("ok", 1, "g"));
                Value ack = MessagePack.newDefaultUnpacker(good.getInputStream()).unpackValue();
                assertEquals("g", ack.asMapValue().map().get(ValueFactory.newString("ack")).toString());
            }
        }
        assertEquals(bad.size(), sink.records());
    }

    @Test
    void truncatedFrameThenCloseLosesNothingElse() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of(), sink);
        byte[] f = TestFrames.forward("t", 3, null);
        try (Socket s = connect(in)) {
            s.getOutputStream().write(TestFrames.forward("t", 2, null));
            s.getOutputStream().write(f, 0, f.length - 3);
        }
        waitFor(() -> sink.records() == 2, "2 records");
        Thread.sleep(100);
        assertEquals(2, sink.records());
    }

    @Test
    void tagPrefixAndTagOverride() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of("tag_prefix", "pre."), sink);
        try (Socket s = connect(in)) {
            s.getOutputStream().write(TestFrames.forward("x", 1, "a"));
            MessagePack.newDefaultUnpacker(s.getInputStream()).unpackValue();
        }
        assertEquals("pre.x", sink.appends.get(0).tag());
        TestFrames.CollectingSink fixed = new TestFrames.CollectingSink("fixed", true);
        ForwardInput in2 = start(Map.of(), fixed);
        try (Socket s = connect(in2)) {
            s.getOutputStream().write(TestFrames.forward("x", 1, "a"));
            MessagePack.newDefaultUnpacker(s.getInputStream()).unpackValue();
        }
        assertEquals("fixed", fixed.appends.get(0).tag());
    }

    @Test
    void pauseStopsReadingAndResumeDeliversEverything() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of(), sink);
        sink.onAppend = a -> {
            if (sink.appends.size() == 1) {
                in.pause();
            }
        };
        try (Socket s = connect(in)) {
            s.getOutputStream().write(TestFrames.forward("t", 5, null));
            waitFor(() -> sink.records() == 5, "first frame");
            Thread.sleep(100); // let autoRead=false reach the channel
            for (int i = 0; i < 20; i++) {
                s.getOutputStream().write(TestFrames.forward("t", 5, null));
            }
            Thread.sleep(300);
            assertEquals(5, sink.records(), "nothing read while paused");
            in.resume();
            waitFor(() -> sink.records() == 105, "all frames after resume");
        }
    }

    static String sha512hex(byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-512");
        for (byte[] p : parts) {
            d.update(p);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Runs a client handshake; returns the PONG, or null when the server closed without one. */
    private static ArrayValue handshake(Socket s, String key, String user, String password) throws Exception {
        MessageUnpacker u = MessagePack.newDefaultUnpacker(s.getInputStream());
        ArrayValue helo = u.unpackValue().asArrayValue();
        assertEquals("HELO", helo.get(0).toString());
        var opts = helo.get(1).asMapValue().map();
        assertTrue(opts.get(ValueFactory.newString("nonce")).isStringValue(), "nonce is a msgpack str");
        assertEquals(16, opts.get(ValueFactory.newString("nonce")).asRawValue().asByteArray().length);
        byte[] nonce = opts.get(ValueFactory.newString("nonce")).asRawValue().asByteArray();
        byte[] auth = opts.get(ValueFactory.newString("auth")).asRawValue().asByteArray();
        byte[] salt = "0123456789abcdef".getBytes();
        byte[] host = "client.local".getBytes();
        byte[] ping = TestFrames.pack(p -> {
            try {
                p.packArrayHeader(6).packString("PING").packString("client.local").packString("0123456789abcdef")
                    .packString(sha512hex(salt, host, nonce, key.getBytes())).packString(user)
                    .packString(sha512hex(auth, user.getBytes(), password.getBytes()));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        s.getOutputStream().write(ping);
        try {
            if (!u.hasNext()) {
                return null;
            }
            ArrayValue pong = u.unpackValue().asArrayValue();
            if (pong.get(1).asBooleanValue().getBoolean()) {
                assertEquals(sha512hex(salt, "server.local".getBytes(), nonce, key.getBytes()),
                    pong.get(4).toString());
            }
            return pong;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void handshakeSharedKeyAndUsers() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of("shared_key", "s3cret", "self_hostname", "server.local",
            "security.users", "alice pw1\nbob pw2"), sink);
        try (Socket s = connect(in)) {
            ArrayValue pong = handshake(s, "s3cret", "bob", "pw2");
            assertTrue(pong.toString().startsWith("[\"PONG\",true,\"\",\"server.local\",\""), pong.toString());
            s.getOutputStream().write(TestFrames.forward("sec", 2, "k"));
            MessagePack.newDefaultUnpacker(s.getInputStream()).unpackValue();
        }
        assertEquals(2, sink.records());
        try (Socket s = connect(in)) {
            ArrayValue pong = handshake(s, "s3cret", "bob", "wrong");
            assertEquals("[\"PONG\",false,\"username/password mismatch\",\"\",\"\"]", pong.toString());
            assertTrue(closedByPeer(s));
        }
        try (Socket s = connect(in)) {
            assertEquals(null, handshake(s, "wrong-key", "bob", "pw2"));
        }
        waitFor(() -> {
            try {
                return !logLines("shared_key mismatch").isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "shared_key mismatch line");
        try (Socket s = connect(in)) {
            MessagePack.newDefaultUnpacker(s.getInputStream()).unpackValue(); // HELO
            s.getOutputStream().write(TestFrames.forward("sneaky", 1, null));
            assertTrue(closedByPeer(s));
        }
        waitFor(() -> {
            try {
                return !logLines("Invalid PING message").isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "Invalid PING line");
        assertEquals(2, sink.records());
    }

    @Test
    void usersWithoutKeyIsAConfigError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
            dev.peregrine.pipeline.plugin.PluginConfigException.class,
            () -> new ForwardInputFactory().create(TestFrames.context(Map.of("security.users", "a b"), group)));
        assertEquals("security.users is set but no shared_key or empty_shared_key", e.getMessage());
    }

    @Test
    void unixSocketWithPermissions() throws Exception {
        skipUnlessCi(group instanceof EpollEventLoopGroup, "needs epoll (netty's native transport)");
        Path dir = Files.createTempDirectory("fwd");
        Path sock = dir.resolve("in.sock");
        TestFrames.CollectingSink sink = sink();
        start(Map.of("unix_path", sock.toString(), "unix_perm", "0600"), sink);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(TestFrames.forward("unix", 4, "u")));
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b);
            assertEquals("{\"ack\":\"u\"}", MessagePack.newDefaultUnpacker(b.flip()).unpackValue().toString());
        }
        assertEquals(4, sink.records());
        Files.deleteIfExists(sock);
        Files.deleteIfExists(dir);
    }

    @Test
    void tlsWithCertificateAndKeyFiles() throws Exception {
        Path dir = Files.createTempDirectory("fwd-tls");
        Path crt = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", crt.toString(), "-days", "1", "-subj", "/CN=localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        } catch (IOException e) {
            skipUnlessCi(false, "openssl not installed: " + e.getMessage());
            return;
        }
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("openssl.log")));
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of("tls", "on", "tls.crt_file", crt.toString(), "tls.key_file",
            key.toString()), sink);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream c = Files.newInputStream(crt)) {
            ks.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(c));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        ctx.init(null, tmf.getTrustManagers(), null);
        try (Socket s = ctx.getSocketFactory().createSocket("127.0.0.1", in.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(TestFrames.forward("tls", 3, "t"));
            assertEquals("{\"ack\":\"t\"}", MessagePack.newDefaultUnpacker(s.getInputStream()).unpackValue()
                .toString());
        }
        assertEquals(3, sink.records());
        // A plain-text client on the TLS port is refused with one line, and does not disturb the server.
        try (Socket s = connect(in)) {
            s.getOutputStream().write("hello, plain text\n".getBytes());
            assertTrue(closedByPeer(s));
        }
        waitFor(() -> {
            try {
                return !logLines("TLS error").isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "TLS error line: " + Files.readString(logFile));
        for (Path f : List.of(crt, key, dir.resolve("openssl.log"), dir)) {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void manyConnectionsAtOnce() throws Exception {
        TestFrames.CollectingSink sink = sink();
        ForwardInput in = start(Map.of(), sink);
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            Thread t = new Thread(() -> {
                try (Socket s = connect(in)) {
                    InputStream is = s.getInputStream();
                    MessageUnpacker u = MessagePack.newDefaultUnpacker(is);
                    for (int i = 0; i < 50; i++) {
                        s.getOutputStream().write(TestFrames.packed("many", TestFrames.entries(10),
                            Map.of("chunk", "c" + i)));
                        u.unpackValue();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(8 * 50 * 10, sink.records());
        for (Event e : sink.events()) {
            assertTrue(e.body().map().containsKey(ValueFactory.newString("msg")));
        }
        assertEquals("many", sink.appends.get(0).tag());
        assertTrue(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).contains("listening on"));
    }

    /** Skips on a developer machine without {@code what}; under CI=true (Linux, openssl installed) fails instead. */
    private static void skipUnlessCi(boolean available, String what) {
        if (!available) {
            org.junit.jupiter.api.Assertions.assertNotEquals("true", System.getenv("CI"), "CI=true but: "
                + what);
            org.junit.jupiter.api.Assumptions.abort(what);
        }
    }
}
