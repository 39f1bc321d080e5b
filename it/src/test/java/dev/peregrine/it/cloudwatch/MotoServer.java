package dev.peregrine.it.cloudwatch;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * moto's stand-alone server ({@code python3 -m moto.server}) on a loopback port, as a local CloudWatch Logs.
 * moto keeps its state in memory only: {@link #kill} loses every group, stream and event.
 */
final class MotoServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private MotoServer(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("moto", ".log");
    }

    /**
     * Starts moto, or skips the test when python3 has no moto; under CI=true a missing moto fails the test
     * instead, so a CI image without it cannot pass silently.
     */
    static MotoServer start() throws Exception {
        if (!motoInstalled()) {
            String msg = "python3 with moto[server] is needed for the CloudWatch end-to-end tests "
                + "(python3 -m moto.server); it is part of the build image";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            Assumptions.assumeTrue(false, msg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MotoServer m = new MotoServer(port);
        m.restart();
        return m;
    }

    private static boolean motoInstalled() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** (Re)starts the server on the same port and waits until it answers. */
    void restart() throws Exception {
        process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto did not start on port " + port + ": " + Files.readString(log));
    }

    /** Forgets every resource (between tests). */
    void reset() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** SIGKILL: the endpoint disappears mid-request, and moto's state with it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(log);
    }
}
