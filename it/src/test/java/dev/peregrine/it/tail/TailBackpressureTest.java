package dev.peregrine.it.tail;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 GiB log file behind a dead output: the real agent tails it with {@code Mem_Buf_Limit 8MB} to a
 * {@code forward} output whose collector is down (connection refused, so every flush is retried and every chunk stays
 * in memory). The input must pause at the limit, read no further while paused (its byte counter in the monitoring
 * API stays far from the file's size) and the agent's peak memory must stay far below the file's size.
 */
class TailBackpressureTest {
    private static final long FILE_BYTES = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void oneGibFileBehindADeadOutput_pausesAtMemBufLimitWithoutLoadingTheFile() throws Exception {
        Path log = dir.resolve("big.log");
        long lines = writeLines(log, FILE_BYTES);
        int deadPort = freePort(); // closed again: connections to it are refused
        int httpPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.5\n    Grace 1\n    Log_Level info\n"
            + "    HTTP_Server On\n    HTTP_Listen 127.0.0.1\n    HTTP_Port " + httpPort + "\n\n"
            + "[INPUT]\n    Name tail\n    Path " + log + "\n    Read_From_Head On\n    Mem_Buf_Limit 8MB\n\n"
            + "[OUTPUT]\n    Name forward\n    Match *\n    Host 127.0.0.1\n    Port " + deadPort
            + "\n    Retry_Limit no_limits\n");
        try (AgentProcess a = AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of(), List.of())) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!a.stderr().contains("paused (mem buf overlimit)")) {
                assertTrue(a.process().isAlive() && System.currentTimeMillis() < deadline,
                    "the tail input never paused:\n" + a.stderr());
                Thread.sleep(200);
            }
            long atPause = bytesRead(httpPort);
            Thread.sleep(3000); // paused: the retries fail, nothing is released, so it must not read on
            long later = bytesRead(httpPort);
            String status = Files.readString(Path.of("/proc/" + a.process().pid() + "/status"));
            long peakKb = kb(status, "VmHWM");
            String info = String.format("%d lines, %d MiB; read at pause %.1f MiB, 3 s later %.1f MiB; peak RSS %d MiB",
                lines, FILE_BYTES >> 20, atPause / 1048576.0, later / 1048576.0, peakKb >> 10);
            System.out.println("tail backpressure: " + info);
            assertTrue(later < 64L << 20, "read on past the limit: " + info + "\n" + a.stderr());
            assertTrue(later - atPause < 16L << 20, "kept reading while paused: " + info + "\n" + a.stderr());
            assertTrue(peakKb < 256L << 10, "peak RSS too high for an 8 MB buffer: " + info);
            assertTrue(a.stderr().contains("connection refused") || a.stderr().contains("Connection refused")
                || a.stderr().contains("retry"), "the output should be failing:\n" + a.stderr());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Numbered lines of ~200 bytes up to {@code bytes}; returns how many. */
    private static long writeLines(Path file, long bytes) throws IOException {
        byte[] tail = (" INFO [worker] request handled path=/api/v1/items status=200 duration_ms=12 user=alice "
            + "trace=0123456789abcdef padding=" + "x".repeat(80) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] num = new byte[12];
        long written = 0;
        long n = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < bytes) {
                long v = n++;
                for (int i = num.length - 1; i >= 0; i--) {
                    num[i] = (byte) ('0' + v % 10);
                    v /= 10;
                }
                out.write(num);
                out.write(tail);
                written += num.length + tail.length;
            }
        }
        return n;
    }

    /** The tail input's bytes counter from the monitoring API (Fluent Bit's /api/v1/metrics). */
    private static long bytesRead(int port) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        String body = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"tail\\.0\":\\{[^}]*\"bytes\":(\\d+)").matcher(body);
        assertTrue(m.find(), body);
        return Long.parseLong(m.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long kb(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError(name + " missing");
    }
}
