package dev.peregrine.it.storage;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent with storage.type filesystem between a Forward client that waits for acks and a Forward receiver:
 * kill -9 at random moments, receiver outages, corrupt files at start-up. Every acknowledged record must arrive. The
 * tail half does the same with a tailed file and its DB: every line written must arrive.
 */
class StorageCrashTest {
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String config(Path storage, int inPort, int outPort, String outputExtra) {
        return "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n    scheduler.base 1\n"
            + "    scheduler.cap 2\n    storage.path " + storage + "\n    storage.checksum on\n\n"
            + "[INPUT]\n    Name forward\n    Listen 127.0.0.1\n    Port " + inPort + "\n"
            + "    storage.type filesystem\n\n"
            + "[OUTPUT]\n    Name forward\n    Match *\n    Host 127.0.0.1\n    Port " + outPort + "\n"
            + "    Retry_Limit no_limits\n    require_ack_response true\n" + outputExtra;
    }

    static AgentProcess startAgent(Path dir) throws Exception {
        return startAgent(dir, "listening on");
    }

    /** Starts the agent on dir/agent.conf and waits for {@code ready} in its log. */
    static AgentProcess startAgent(Path dir, String ready) throws Exception {
        AgentProcess p = AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of(), List.of());
        long end = System.currentTimeMillis() + 30_000;
        while (!p.stderr().contains(ready)) {
            if (!p.process().isAlive() || System.currentTimeMillis() > end) {
                String err = p.stderr();
                p.close();
                throw new AssertionError("agent did not start\n" + err);
            }
            Thread.sleep(50);
        }
        return p;
    }

    static void awaitDelivered(ForwardReceiver r, AckingForwardClient c, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && !r.seen.keySet().containsAll(c.acked)) {
            Thread.sleep(200);
        }
    }

    static long duplicates(ForwardReceiver r) {
        return r.seen.values().stream().mapToLong(a -> Math.max(0, a.get() - 1)).sum();
    }

    /** Duplicated seqs as ranges with their delivery count, e.g. "1200-1299 x2", for the test output. */
    static String duplicateRanges(ForwardReceiver r) {
        List<Long> d = r.seen.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey)
            .sorted().toList();
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < d.size()) {
            int j = i;
            int times = r.seen.get(d.get(i)).get();
            while (j + 1 < d.size() && d.get(j + 1) == d.get(j) + 1 && r.seen.get(d.get(j + 1)).get() == times) {
                j++;
            }
            b.append(b.length() == 0 ? "" : ", ").append(d.get(i)).append('-').append(d.get(j)).append(" x")
                .append(times);
            i = j + 1;
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    static long chunkFiles(Path storage) throws IOException {
        if (!Files.isDirectory(storage)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(storage)) {
            return s.filter(p -> p.toString().endsWith(".flb")).count();
        }
    }

    @Test
    void killNineAtRandomMoments_everyAckedRecordArrives() throws Exception {
        long seed = Long.getLong("crash.seed", 42L);
        int kills = Integer.getInteger("crash.kills", 5);
        int batches = Integer.getInteger("crash.batches", 400);
        int batch = 100;
        Random rnd = new Random(seed);
        Path dir = Files.createTempDirectory("storage-crash-");
        Path storage = dir.resolve("buf");
        int inPort = freePort();
        int outPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), config(storage, inPort, outPort, ""));
        try (ForwardReceiver receiver = new ForwardReceiver(outPort)) {
            receiver.start();
            AckingForwardClient client = new AckingForwardClient(inPort, batch);
            AgentProcess agent = startAgent(dir);
            Thread sender = new Thread(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        client.sendBatch((long) b * batch, System.currentTimeMillis() + 120_000);
                        Thread.sleep(50); // spread the load over every kill
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "crash-sender");
            sender.start();
            List<String> log = new ArrayList<>();
            try {
                for (int k = 0; k < kills; k++) {
                    Thread.sleep(300 + rnd.nextInt(1500));
                    if (k % 2 == 1) {
                        receiver.stop(); // the output is down too while the agent dies and restarts
                    }
                    agent.process().destroyForcibly(); // SIGKILL
                    agent.waitFor(10_000);
                    log.add("kill " + (k + 1) + " after " + client.acked.size() + " acked, " + receiver.distinct()
                        + " received, " + chunkFiles(storage) + " chunk files on disk");
                    agent.close();
                    agent = startAgent(dir);
                    if (k % 2 == 1) {
                        Thread.sleep(rnd.nextInt(1000));
                        receiver.start();
                    }
                }
                sender.join(180_000);
                awaitDelivered(receiver, client, 60_000);
                List<Long> missing = client.acked.stream().filter(s -> !receiver.seen.containsKey(s)).sorted()
                    .toList();
                long dups = duplicates(receiver);
                log.forEach(System.out::println);
                System.out.println("crash test: seed " + seed + ", " + kills + " kill -9, " + client.acked.size()
                    + " records acked of " + (long) batches * batch + ", " + receiver.distinct()
                    + " distinct received, " + missing.size() + " acked but missing, " + dups
                    + " duplicates (" + receiver.total() + " deliveries), client resends " + client.resends);
                assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), "acked records lost");
                assertEquals((long) batches * batch, client.acked.size(), "every batch acked eventually");
                long end = System.currentTimeMillis() + 10_000;
                while (chunkFiles(storage) > 0 && System.currentTimeMillis() < end) {
                    Thread.sleep(100);
                }
                assertEquals(0, chunkFiles(storage), "chunk files deleted once delivered");
            } finally {
                sender.interrupt();
                client.close();
                agent.close();
            }
        }
    }

    /**
     * The tail half: numbered lines appended to a file tailed with a DB and storage.type filesystem, kill -9 at
     * seeded random moments while the writer goes on (and the output is down across every other restart). The DB
     * offset moves only once the records are in a chunk file, so every line written arrives at least once.
     */
    @Test
    void tail_killNineAtRandomMoments_everyWrittenLineArrives() throws Exception {
        long seed = Long.getLong("crash.seed", 42L);
        int kills = Integer.getInteger("crash.kills", 5);
        int lines = Integer.getInteger("crash.lines", 40_000);
        Random rnd = new Random(seed);
        Path dir = Files.createTempDirectory("storage-tail-crash-");
        Path storage = dir.resolve("buf");
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        int outPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n"
            + "    scheduler.base 1\n    scheduler.cap 2\n    storage.path " + storage + "\n    storage.checksum on\n\n"
            + "[INPUT]\n    Name tail\n    Path " + log + "\n    Tag app\n    Read_From_Head On\n"
            + "    Refresh_Interval 1\n    DB " + dir.resolve("tail.db") + "\n    storage.type filesystem\n\n"
            + "[OUTPUT]\n    Name forward\n    Match *\n    Host 127.0.0.1\n    Port " + outPort + "\n"
            + "    Retry_Limit no_limits\n    require_ack_response true\n");
        String ready = "db: delete unmonitored stale inodes";
        AtomicLong written = new AtomicLong();
        try (ForwardReceiver receiver = new ForwardReceiver(outPort)) {
            receiver.start();
            AgentProcess agent = startAgent(dir, ready);
            Thread writer = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                    for (int n = 0; n < lines; n += 100) {
                        StringBuilder b = new StringBuilder();
                        for (int i = n; i < n + 100; i++) {
                            b.append("line seq=").append(i).append(" padding padding padding padding padding\n");
                        }
                        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        written.set(n + 100);
                        Thread.sleep(25); // spread the lines over every kill
                    }
                } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "crash-writer");
            writer.start();
            List<String> kills9 = new ArrayList<>();
            try {
                for (int k = 0; k < kills; k++) {
                    Thread.sleep(300 + rnd.nextInt(1500));
                    if (k % 2 == 1) {
                        receiver.stop(); // the output is down too while the agent dies and restarts
                    }
                    agent.process().destroyForcibly(); // SIGKILL
                    agent.waitFor(10_000);
                    kills9.add("kill " + (k + 1) + " after " + written.get() + " lines written, " + receiver.distinct()
                        + " received, " + chunkFiles(storage) + " chunk files on disk");
                    agent.close();
                    agent = startAgent(dir, ready);
                    if (k % 2 == 1) {
                        Thread.sleep(rnd.nextInt(1000));
                        receiver.start();
                    }
                }
                writer.join(120_000);
                long end = System.currentTimeMillis() + 60_000;
                while (receiver.distinct() < lines && System.currentTimeMillis() < end) {
                    Thread.sleep(200);
                }
                List<Long> missing = new ArrayList<>();
                for (long i = 0; i < lines; i++) {
                    if (!receiver.seen.containsKey(i)) {
                        missing.add(i);
                    }
                }
                long dups = duplicates(receiver);
                kills9.forEach(System.out::println);
                System.out.println("tail crash test: seed " + seed + ", " + kills + " kill -9, " + written.get()
                    + " lines written, " + receiver.distinct() + " distinct received, " + missing.size()
                    + " missing, " + dups + " duplicates (" + receiver.total() + " deliveries); duplicated: "
                    + duplicateRanges(receiver));
                assertEquals(lines, written.get(), "the writer finished");
                assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), "written lines lost");
            } finally {
                writer.interrupt();
                agent.close();
            }
        }
    }

    @Test
    void outputOutage_inputContinues_allDeliveredAfter() throws Exception {
        int outageMillis = Integer.getInteger("outage.millis", 20_000);
        Path dir = Files.createTempDirectory("storage-outage-");
        Path storage = dir.resolve("buf");
        int inPort = freePort();
        int outPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), config(storage, inPort, outPort,
            "    storage.total_limit_size 500M\n"));
        try (ForwardReceiver receiver = new ForwardReceiver(outPort); AgentProcess agent = startAgent(dir)) {
            AckingForwardClient client = new AckingForwardClient(inPort, 100);
            long end = System.currentTimeMillis() + outageMillis;
            long seq = 0;
            while (System.currentTimeMillis() < end) {
                assertTrue(client.sendBatch(seq, end + 10_000), "the input keeps acking while the output is down");
                seq += 100;
                Thread.sleep(20);
            }
            assertTrue(chunkFiles(storage) > 0, "chunks wait on disk during the outage");
            receiver.start();
            awaitDelivered(receiver, client, 60_000);
            client.close();
            System.out.println("outage test: " + outageMillis + " ms outage, " + client.acked.size() + " acked, "
                + receiver.distinct() + " received, " + duplicates(receiver) + " duplicates");
            assertEquals(client.acked.size(), (int) client.acked.stream().filter(receiver.seen::containsKey).count());
        }
    }

    static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in " + text);
        }
        return Long.parseLong(m.group(1));
    }

    static long rssKb(AgentProcess agent) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + agent.process().pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * A long outage with big chunks: past storage.max_chunks_up the chunks wait on disk only, as /api/v1/storage
     * shows (chunks up stay within the limit plus the few being written or flushed, however many chunks wait), and
     * all are delivered from their files once the output is back.
     */
    @Test
    void outputOutage_maxChunksUp_chunksPastTheLimitStayDown_allDeliveredAfter() throws Exception {
        int maxUp = Integer.getInteger("chunks.up", 4);
        // the limit, plus the two forward workers' flushes (a retry brings its chunk up), the chunk being written and
        // one cut at 2 MB waiting for the engine to dispatch it
        int bound = maxUp + 2 + 2;
        Path dir = Files.createTempDirectory("storage-chunks-up-");
        Path storage = dir.resolve("buf");
        int inPort = freePort();
        int outPort = freePort();
        int httpPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), config(storage, inPort, outPort, "").replace(
            "    storage.checksum on\n", "    storage.checksum on\n    storage.max_chunks_up " + maxUp
                + "\n    HTTP_Server On\n    HTTP_Listen 127.0.0.1\n    HTTP_Port " + httpPort + "\n"));
        try (ForwardReceiver receiver = new ForwardReceiver(outPort); AgentProcess agent = startAgent(dir)) {
            AckingForwardClient client = new AckingForwardClient(inPort, 100, 2000);
            long maxSeenUp = 0;
            long seq = 0;
            for (int b = 0; b < 400; b++) { // 400 x 100 records of ~2 KB: about 80 MB, 40 chunks of 2 MB
                assertTrue(client.sendBatch(seq, System.currentTimeMillis() + 30_000), "acked during the outage");
                seq += 100;
                if (b % 10 == 0) {
                    maxSeenUp = Math.max(maxSeenUp, number(get(httpPort, "/api/v1/storage"),
                        "\"fs_chunks_up\":(\\d+)"));
                }
            }
            String during = get(httpPort, "/api/v1/storage");
            long up = number(during, "\"fs_chunks_up\":(\\d+)");
            long down = number(during, "\"fs_chunks_down\":(\\d+)");
            long files = chunkFiles(storage);
            long rss = rssKb(agent);
            System.out.println("max_chunks_up test: " + client.acked.size() + " records acked during the outage, "
                + files + " chunk files, " + up + " up / " + down + " down (highest up seen " + maxSeenUp
                + ", storage.max_chunks_up " + maxUp + "), agent RSS " + rss / 1024 + " MB");
            assertTrue(Math.max(up, maxSeenUp) <= bound, during);
            assertTrue(down >= files - bound && down > 0, during + " with " + files + " files");
            assertTrue(files >= 20, "the outage filled many chunks: " + files);

            receiver.start();
            awaitDelivered(receiver, client, 120_000);
            client.close();
            assertEquals(client.acked.size(), (int) client.acked.stream().filter(receiver.seen::containsKey).count(),
                "every acked record delivered from the chunk files");
            long end = System.currentTimeMillis() + 10_000;
            while (chunkFiles(storage) > 0 && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            String after = get(httpPort, "/api/v1/storage");
            assertEquals(0, number(after, "\"fs_chunks\":(\\d+)"), after);
        }
    }

    /**
     * storage.pause_on_chunks_overlimit on a tail input: with the output down the input pauses once
     * storage.max_chunks_up chunks are up (the file itself is the buffer meanwhile), and resumes when deliveries free
     * room; every line arrives.
     */
    @Test
    void tail_pauseOnChunksOverlimit_pausedAtMaxChunksUp_resumesAndDeliversEveryLine() throws Exception {
        int lines = 20_000;
        Path dir = Files.createTempDirectory("storage-pause-");
        Path storage = dir.resolve("buf");
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        int outPort = freePort();
        int httpPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n"
            + "    scheduler.base 1\n    scheduler.cap 2\n    storage.path " + storage + "\n"
            + "    storage.max_chunks_up 2\n    HTTP_Server On\n    HTTP_Listen 127.0.0.1\n    HTTP_Port " + httpPort
            + "\n\n[INPUT]\n    Name tail\n    Path " + log + "\n    Tag app\n    Read_From_Head On\n"
            + "    Refresh_Interval 1\n    DB " + dir.resolve("tail.db") + "\n    storage.type filesystem\n"
            + "    storage.pause_on_chunks_overlimit on\n\n"
            + "[OUTPUT]\n    Name forward\n    Match *\n    Host 127.0.0.1\n    Port " + outPort + "\n"
            + "    Retry_Limit no_limits\n");
        try (ForwardReceiver receiver = new ForwardReceiver(outPort);
             AgentProcess agent = startAgent(dir, "db: delete unmonitored stale inodes")) {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                for (int n = 0; n < lines; n += 500) {
                    StringBuilder b = new StringBuilder();
                    for (int i = n; i < n + 500; i++) {
                        b.append("line seq=").append(i).append(" padding padding padding padding padding\n");
                    }
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100); // a chunk per flush or so
                }
            }
            long end = System.currentTimeMillis() + 30_000;
            while (!agent.stderr().contains("[input] tail.0 paused (storage buf overlimit 2/2)")
                && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            String paused = get(httpPort, "/api/v1/storage");
            assertTrue(agent.stderr().contains("[input] tail.0 paused (storage buf overlimit 2/2)"), agent.stderr());
            assertTrue(paused.contains("\"tail.0\":{\"status\":{\"overlimit\":true"), paused);
            assertEquals(2, number(paused, "\"fs_chunks_up\":(\\d+)"), paused);

            receiver.start();
            end = System.currentTimeMillis() + 60_000;
            while (receiver.distinct() < lines && System.currentTimeMillis() < end) {
                Thread.sleep(200);
            }
            String err = agent.stderr();
            System.out.println("pause test: " + lines + " lines, " + receiver.distinct() + " received, "
                + err.lines().filter(l -> l.contains("paused (storage buf overlimit")).count() + " pauses, "
                + err.lines().filter(l -> l.contains("resume (storage buf overlimit")).count() + " resumes");
            assertEquals(lines, receiver.distinct(), "every line delivered after the outage");
            assertTrue(err.contains("[input] tail.0 resume (storage buf overlimit"), err);
        }
    }

    @Test
    void outputOutage_smallTotalLimit_oldestDroppedAndCounted() throws Exception {
        Path dir = Files.createTempDirectory("storage-limit-");
        Path storage = dir.resolve("buf");
        int inPort = freePort();
        int outPort = freePort();
        int httpPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), config(storage, inPort, outPort,
            "    storage.total_limit_size 20K\n").replace("    storage.checksum on\n", "    storage.checksum on\n"
            + "    HTTP_Server On\n    HTTP_Listen 127.0.0.1\n    HTTP_Port " + httpPort + "\n"));
        try (ForwardReceiver receiver = new ForwardReceiver(outPort); AgentProcess agent = startAgent(dir)) {
            AckingForwardClient client = new AckingForwardClient(inPort, 100);
            for (long seq = 0; seq < 3000; seq += 100) {
                assertTrue(client.sendBatch(seq, System.currentTimeMillis() + 10_000));
                Thread.sleep(250); // one chunk per flush
            }
            // every chunk handed to the output (so none is admitted, and none dropped, once it is back)
            Pattern chunks = Pattern.compile(
                "\"chunks\":\\{\"total\":(\\d+),\"up\":\\d+,\"down\":\\d+,\"busy\":(\\d+)");
            long end = System.currentTimeMillis() + 10_000;
            Matcher m = chunks.matcher(get(httpPort, "/api/v1/storage"));
            while (!(m.find() && m.group(1).equals(m.group(2))) && System.currentTimeMillis() < end) {
                Thread.sleep(100);
                m = chunks.matcher(get(httpPort, "/api/v1/storage"));
            }
            receiver.start();
            end = System.currentTimeMillis() + 30_000;
            while (number(get(httpPort, "/api/v1/storage"), "\"fs_chunks\":(\\d+)") > 0
                && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            client.close();
            String prometheus = get(httpPort, "/api/v1/metrics/prometheus");
            String metrics = get(httpPort, "/api/v1/metrics");
            String err = agent.stderr();
            long dropped = err.lines().filter(l -> l.contains("storage.total_limit_size")).count();
            long counted = number(prometheus, "\nfluentbit_storage_dropped_chunks_total (\\d+)");
            long droppedRecords = number(metrics, "\"output\":\\{\"forward.0\":\\{[^}]*\"dropped_records\":(\\d+)");
            System.out.println("limit test: 3000 acked, " + receiver.distinct() + " received, " + dropped
                + " chunks dropped (logged), " + counted + " counted in fluentbit_storage_dropped_chunks_total, "
                + droppedRecords + " dropped_records");
            assertTrue(dropped > 0, err);
            assertEquals(dropped, counted, "every dropped chunk counted in the storage metrics");
            assertEquals(3000 - receiver.distinct(), droppedRecords, "the dropped records are the ones missing");
            assertTrue(receiver.distinct() < 3000 && receiver.distinct() > 0);
            assertTrue(receiver.seen.containsKey(2999L), "the newest records are kept");
            assertTrue(!receiver.seen.containsKey(0L), "the oldest records were dropped");
        }
    }

    @Test
    void corruptAndTruncatedFilesAtStart_reported_agentStartsAndDelivers() throws Exception {
        Path dir = Files.createTempDirectory("storage-corrupt-");
        Path storage = dir.resolve("buf");
        Path in = storage.resolve("forward.0");
        Files.createDirectories(in);
        Files.write(in.resolve("0000000000001-1-00000001.flb"), "garbage, not a chunk".getBytes());
        Files.write(in.resolve("0000000000001-1-00000002.flb"), new byte[] {(byte) 0xC1, 'P'});
        int inPort = freePort();
        int outPort = freePort();
        Files.writeString(dir.resolve("agent.conf"), config(storage, inPort, outPort, "")
            .replace("storage.checksum on\n", "storage.checksum on\n    storage.keep.rejected on\n"));
        try (ForwardReceiver receiver = new ForwardReceiver(outPort); AgentProcess agent = startAgent(dir)) {
            receiver.start();
            AckingForwardClient client = new AckingForwardClient(inPort, 10);
            assertTrue(client.sendBatch(0, System.currentTimeMillis() + 10_000));
            awaitDelivered(receiver, client, 10_000);
            client.close();
            String err = agent.stderr();
            assertTrue(err.contains("00000001.flb: not a chunk file (bad magic); moved to"), err);
            assertTrue(err.contains("00000002.flb: truncated header (2 bytes); moved to"), err);
            assertTrue(Files.exists(storage.resolve("rejected").resolve("forward.0")
                .resolve("0000000000001-1-00000001.flb")));
            assertEquals(10, receiver.distinct());
        }
    }
}
