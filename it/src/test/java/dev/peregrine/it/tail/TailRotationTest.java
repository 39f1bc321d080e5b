package dev.peregrine.it.tail;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent tails a file while a writer appends numbered lines and the file is rotated several times, first by
 * rename + create (as logrotate's default, or kubelet), then by copytruncate. Every line must come out exactly once.
 *
 * <p>copytruncate loses, in any tailer, what was written but not yet read when the file is truncated (Fluent Bit
 * too): the test therefore rotates the way logrotate's copytruncate is safe, with the writer held while the copy and
 * truncate happen, and after the agent has read what was written. Rename rotations need no such care: the agent
 * keeps reading the renamed file until Rotate_Wait.
 */
class TailRotationTest {
    private static final Pattern LINE = Pattern.compile("line-(\\d{8})");

    @TempDir
    Path dir;

    private final Object writeLock = new Object();
    private OutputStream out;
    private final AtomicLong written = new AtomicLong();

    @Test
    void everyLineExactlyOnceAcrossRenameAndCopytruncateRotations() throws Exception {
        Path log = dir.resolve("app.log");
        out = new FileOutputStream(log.toFile(), true);
        Files.writeString(dir.resolve("tail.conf"), "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n\n"
            + "[INPUT]\n    Name tail\n    Path " + log + "\n    Tag app\n    Read_From_Head On\n"
            + "    Refresh_Interval 1\n    Rotate_Wait 3\n    DB " + dir.resolve("tail.db") + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n    Json_Date_Key false\n");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                while (running.get()) {
                    synchronized (writeLock) {
                        for (int i = 0; i < 20; i++) {
                            long n = written.incrementAndGet();
                            out.write(String.format("line-%08d some payload to make the line longer%n", n)
                                .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, "writer");
        try (AgentProcess agent = AgentProcess.start(dir, List.of("-c", dir.resolve("tail.conf").toString()),
            Map.of(), List.of())) {
            writer.start();
            // rotations start once the agent follows the file (what is rotated away before it starts is not its)
            waitForCount(agent, 1, 30_000);
            int renames = 0;
            int truncates = 0;
            for (int r = 1; r <= 4; r++) {
                Thread.sleep(700);
                synchronized (writeLock) {
                    out.close();
                    Files.move(log, dir.resolve("app.log." + r));
                    out = new FileOutputStream(log.toFile(), true);
                }
                renames++;
            }
            for (int r = 1; r <= 3; r++) {
                Thread.sleep(700);
                synchronized (writeLock) {
                    long target = written.get();
                    waitForCount(agent, target, 20_000);
                    Files.copy(log, dir.resolve("app.log.c" + r), StandardCopyOption.REPLACE_EXISTING);
                    try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                    }
                }
                truncates++;
            }
            Thread.sleep(700);
            running.set(false);
            writer.join();
            long total = written.get();
            waitForCount(agent, total, 30_000);
            Thread.sleep(1500);
            agent.terminate();
            assertTrue(agent.waitFor(20_000), "agent did not stop");
            int[] seen = new int[(int) total + 1];
            Matcher m = LINE.matcher(new String(agent.stdout(), StandardCharsets.UTF_8));
            long lines = 0;
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                seen[n]++;
                lines++;
            }
            int missing = 0;
            int repeated = 0;
            for (int i = 1; i <= total; i++) {
                if (seen[i] == 0) {
                    missing++;
                } else if (seen[i] > 1) {
                    repeated++;
                }
            }
            System.out.printf("tail rotation: %d lines written, %d delivered, %d rename and %d copytruncate "
                + "rotations, %d missing, %d repeated%n", total, lines, renames, truncates, missing, repeated);
            assertEquals(0, missing, "lines lost");
            assertEquals(0, repeated, "lines repeated");
            assertEquals(total, lines);
            assertTrue(total > 1000, "the writer wrote too little: " + total);
        } finally {
            running.set(false);
            out.close();
        }
    }

    private static long count(AgentProcess agent) throws IOException {
        byte[] b = agent.stdout();
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void waitForCount(AgentProcess agent, long target, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (count(agent) < target) {
            if (System.currentTimeMillis() > end || !agent.process().isAlive()) {
                throw new AssertionError("agent delivered " + count(agent) + " of " + target + " lines\n"
                    + agent.stderr());
            }
            Thread.sleep(50);
        }
    }
}
