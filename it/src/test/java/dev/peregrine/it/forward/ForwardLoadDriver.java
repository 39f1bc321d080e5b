package dev.peregrine.it.forward;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Load driver for the forward input: starts the agent ({@code bin/peregrine}, forward -> null) and sends PackedForward
 * batches of 1,000 records of about 200 bytes over loopback, plain and gzip, each batch with a chunk id so the rate
 * counted is what the agent acknowledged (acks are sent after the records are in its buffer). Reports records/s,
 * MB/s (uncompressed record bytes), records per CPU-second of the agent (/proc/PID/stat) and its peak RSS (VmHWM).
 *
 * <p>Only the JDK is used, so it runs as a single source file:
 * {@code java it/src/test/java/dev/peregrine/it/forward/ForwardLoadDriver.java [seconds] [connections]}
 * from the repository root after {@code mvn -q -B -o install -DskipTests}. Traffic goes to 127.0.0.1 only and the
 * run stops by itself.
 */
public final class ForwardLoadDriver {
    private static final int BATCH = 1000;
    private static final int WINDOW = 4;
    private static final int DISTINCT = 32;

    private ForwardLoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path root = Path.of(System.getProperty("peregrine.home", ".")).toAbsolutePath();
        for (boolean gzip : new boolean[] {false, true}) {
            run(root, gzip, seconds, connections);
        }
    }

    private static void run(Path root, boolean gzip, int seconds, int connections) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("forward-load-");
        Path conf = dir.resolve("load.conf");
        Files.writeString(conf, """
            [SERVICE]
                Flush 1
                Log_Level warn
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
            [OUTPUT]
                Name null
                Match *
            """.formatted(port));
        Process agent = new ProcessBuilder(root.resolve("bin/peregrine").toString(), "-c", conf.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        long pid = agent.pid();
        try {
            waitForPort(port, agent);
            List<byte[]> frames = new ArrayList<>();
            long recordBytes = 0;
            for (int b = 0; b < DISTINCT; b++) {
                byte[] entries = entries(b);
                recordBytes += entries.length;
                frames.add(frame(gzip ? gzip(entries) : entries, gzip, b));
            }
            double bytesPerBatch = recordBytes / (double) DISTINCT;
            long wireBytes = frames.stream().mapToLong(f -> f.length).sum() / DISTINCT;
            AtomicLong batches = new AtomicLong();
            List<Thread> senders = new ArrayList<>();
            long stopAt = System.nanoTime() + (seconds + 3) * 1_000_000_000L;
            for (int c = 0; c < connections; c++) {
                Thread t = new Thread(() -> sendLoop(port, frames, batches, stopAt), "sender-" + c);
                t.start();
                senders.add(t);
            }
            Thread.sleep(3000); // warm-up: JIT, buffers
            long b0 = batches.get();
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long b1 = batches.get();
            long cpu1 = cpuTicks(pid);
            long t1 = System.nanoTime();
            for (Thread t : senders) {
                t.join();
            }
            double secs = (t1 - t0) / 1e9;
            double records = (b1 - b0) * (double) BATCH;
            double cpuSecs = (cpu1 - cpu0) / 100.0; // USER_HZ
            System.out.printf("%-5s %d conn: %,.0f records/s, %.1f MB/s of records (%.1f MB/s on the wire), "
                    + "%,.0f records per agent CPU-second (%.2f cores), peak RSS %d MB%n",
                gzip ? "gzip" : "plain", connections, records / secs, records / BATCH * bytesPerBatch / secs / 1e6,
                records / BATCH * wireBytes / secs / 1e6, records / cpuSecs, cpuSecs / secs, vmHwmKb(pid) / 1024);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    private static void sendLoop(int port, List<byte[]> frames, AtomicLong batches, long stopAt) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int inFlight = 0;
            int i = 0;
            while (System.nanoTime() < stopAt) {
                while (inFlight < WINDOW) {
                    out.write(frames.get(i++ % frames.size()));
                    inFlight++;
                }
                readAck(in);
                inFlight--;
                batches.incrementAndGet();
            }
            while (inFlight-- > 0) {
                readAck(in);
            }
        } catch (IOException e) {
            System.err.println("sender: " + e);
        }
    }

    /** An ack is {"ack": "bNN"}: 0x81 0xa3 'ack' then a fixstr; the driver only needs its length. */
    private static void readAck(DataInputStream in) throws IOException {
        byte[] head = new byte[6];
        in.readFully(head);
        int len = head[5] & 0x1f;
        in.readFully(new byte[len]);
    }

    private static void waitForPort(int port, Process agent) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end && agent.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("agent did not listen on " + port);
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static long vmHwmKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** 1,000 entries [EventTime, {"seq", "host", "level", "service", "msg"}] of about 200 bytes each. */
    private static byte[] entries(int batch) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(BATCH * 210);
        long sec = 1_700_000_000L + batch;
        for (int i = 0; i < BATCH; i++) {
            o.write(0x92);
            o.write(0xd7);
            o.write(0);
            writeInt(o, (int) sec);
            writeInt(o, i * 1000);
            o.write(0x85);
            str(o, "seq");
            o.write(0xce);
            writeInt(o, batch * BATCH + i);
            str(o, "host");
            str(o, "web-" + (i % 16));
            str(o, "level");
            str(o, i % 10 == 0 ? "warn" : "info");
            str(o, "service");
            str(o, "checkout");
            str(o, "msg");
            str(o, "GET /api/v1/orders/" + (100000 + i) + " 200 " + (i % 97) + "ms user=u" + (i % 1000)
                + " agent=Mozilla/5.0 (X11; Linux x86_64) trace=" + Long.toHexString(sec * 7919L + i) + " ok");
        }
        return o.toByteArray();
    }

    private static void str(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 32) {
            o.write(0xa0 | b.length);
        } else {
            o.write(0xd9);
            o.write(b.length);
        }
        o.writeBytes(b);
    }

    private static void writeInt(ByteArrayOutputStream o, int v) {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }

    private static byte[] frame(byte[] payload, boolean gzip, int id) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(payload.length + 64);
        o.write(0x93);
        str(o, "load.test");
        o.write(0xc6);
        writeInt(o, payload.length);
        o.writeBytes(payload);
        o.write(gzip ? 0x82 : 0x81);
        str(o, "chunk");
        str(o, "b" + id);
        if (gzip) {
            str(o, "compressed");
            str(o, "gzip");
        }
        return o.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(o)) {
            z.write(b);
        }
        return o.toByteArray();
    }
}
