package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The bearer token: from Kube_Token_Command's output, else Kube_Token_File. Re-read when older than Kube_Token_TTL
 * (Fluent Bit's rule), and also as soon as the file changes or the API answers 401, because projected
 * service-account tokens rotate (about hourly) and a stale one would fail every request until the TTL ends.
 * Blocking (file or process): called only from the HTTP client's executor, never from filter().
 */
final class ServiceAccountToken {
    private static final int MAX_SIZE = 16 * 1024;

    private final Path file;
    private final String command;
    private final long ttlNanos;
    private final Log log;
    private String token;
    private long readAt;
    private long fileStamp = Long.MIN_VALUE;

    ServiceAccountToken(String file, String command, Duration ttl, Log log) {
        this.file = file == null ? null : Path.of(file);
        this.command = command;
        this.ttlNanos = ttl.toNanos();
        this.log = log;
    }

    /** The current token, or null when none can be read (requests then go without Authorization). */
    synchronized String current() {
        long now = System.nanoTime();
        boolean expired = token == null || now - readAt > ttlNanos;
        if (!expired && command == null && file != null && stamp() != fileStamp) {
            expired = true;
        }
        if (expired) {
            String t = command != null ? runCommand() : readFile();
            if (t != null) {
                if (!t.equals(token)) {
                    log.info(" token updated");
                }
                token = t;
                readAt = now;
            } else if (token != null) {
                log.warn("failed to set http auth header");
            }
        }
        return token;
    }

    /** Forgets the token so the next request reads it again (after a 401). */
    synchronized void invalidate() {
        token = null;
        fileStamp = Long.MIN_VALUE;
    }

    private long stamp() {
        try {
            return Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        } catch (IOException e) {
            return Long.MIN_VALUE + 1;
        }
    }

    private String readFile() {
        if (file == null) {
            return null;
        }
        try {
            long st = stamp();
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            fileStamp = st;
            // a trailing newline would make an invalid header; Fluent Bit sends it raw, Java refuses it
            return t.isEmpty() ? null : t;
        } catch (IOException e) {
            log.warn("cannot open " + file);
            return null;
        }
    }

    private String runCommand() {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_SIZE);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String t = new String(out, StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                log.warn("failed to run command " + command);
                return null;
            }
            return t;
        } catch (IOException e) {
            log.warn("failed to run command " + command);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
