package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.storage.StorageMetrics;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.ValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine with storage.type filesystem: restart replay, per-output delivery, limits, durable appends. */
class EngineStorageTest {
    @TempDir
    Path dir;
    final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Engine e : engines) {
            e.shutdown(null);
        }
        loops.shutdownGracefully();
    }

    Engine start(TestPlugins plugins, String conf) throws Exception {
        Engine e = build(plugins, conf);
        e.start();
        return e;
    }

    /** The engine built, not started (its outputs can be scripted before recovery runs). */
    Engine build(TestPlugins plugins, String conf) throws Exception {
        Path f = dir.resolve("test.conf");
        Files.writeString(f, conf);
        Config c = ClassicConfigReader.read(f);
        PipelineBuilder b = new PipelineBuilder(c, plugins.registry(), loops);
        b.validate();
        Engine e = b.build(PipelineBuilder.newScheduler());
        engines.add(e);
        return e;
    }

    String service(String extra) {
        return "[SERVICE]\n    Flush 0.05\n    Grace 1\n    scheduler.base 1\n    scheduler.cap 1\n"
            + "    storage.path " + dir.resolve("buf") + "\n" + extra + "\n[INPUT]\n    Name manual\n    Tag app\n"
            + "    storage.type filesystem\n";
    }

    long chunkFiles() throws Exception {
        Path in = dir.resolve("buf").resolve("manual.0");
        if (!Files.isDirectory(in)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(in)) {
            return s.filter(p -> p.toString().endsWith(".flb")).count();
        }
    }

    static void failForever(TestPlugins.ScriptedOutput o) {
        for (int i = 0; i < 10_000; i++) {
            o.script.add(FlushResult.RETRY);
        }
    }

    @Test
    void restart_chunkOwedToOneOutput_resentOnlyThere_thenDeleted() throws Exception {
        String conf = service("") + "[OUTPUT]\n    Name scripted\n    Match *\n\n[OUTPUT]\n    Name scripted\n"
            + "    Match *\n    Retry_Limit no_limits\n";
        TestPlugins first = new TestPlugins();
        Engine a = start(first, conf);
        failForever(first.outputs.get(1));
        first.input.send("app", 5, "x");
        EngineTest.await(() -> first.outputs.get(0).records() == 5, 3000);
        assertEquals(1, chunkFiles(), "the chunk stays on disk while the second output owes it");
        a.shutdown(null); // Grace passes with the retry pending: the file stays for the next start
        assertEquals(1, chunkFiles());

        TestPlugins second = new TestPlugins();
        Engine b = start(second, conf);
        EngineTest.await(() -> second.outputs.get(1).records() == 5, 3000);
        Thread.sleep(200);
        assertEquals(0, second.outputs.get(0).records(), "not re-sent to the output that had it");
        EngineTest.await(() -> {
            try {
                return chunkFiles() == 0;
            } catch (Exception e) {
                return false;
            }
        }, 3000);
        assertEquals(5, b.storageMetrics().get(StorageMetrics.RECOVERED_RECORDS));
    }

    @Test
    void appendDurable_syncFull_completesAfterTheWrite_fileHoldsRecords() throws Exception {
        TestPlugins p = new TestPlugins();
        Engine e = start(p, service("    storage.sync full\n    storage.checksum on\n")
            + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n");
        failForever(p.outputs.get(0));
        List<Event> l = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            l.add(Event.of(new EventTime(1_700_000_000L, i), ValueFactory.newMap(ValueFactory.newString("i"),
                ValueFactory.newInteger(i))));
        }
        p.input.sink.appendDurable("app", l).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Path in = dir.resolve("buf").resolve("manual.0");
        Path file;
        try (Stream<Path> s = Files.list(in)) {
            file = s.filter(x -> x.toString().endsWith(".flb")).findFirst().orElseThrow();
        }
        assertEquals(7, dev.peregrine.pipeline.storage.ChunkFile.read(file).events().size());
        assertTrue(e.inputs().get(0).chunkCount() >= 1);
    }

    @Test
    void totalLimitSize_outputDown_oldestDroppedAndCounted() throws Exception {
        TestPlugins p = new TestPlugins();
        Engine e = start(p, service("") + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n"
            + "    storage.total_limit_size 2K\n");
        failForever(p.outputs.get(0));
        for (int i = 0; i < 10; i++) {
            p.input.send("app", 20, "x"); // ~1 KB per flush, one chunk each
            Thread.sleep(120);
        }
        EngineTest.await(() -> e.storageMetrics().get(StorageMetrics.DROPPED_CHUNKS) >= 5, 3000);
        assertTrue(e.outputs().get(0).queuedStorageBytes() <= 2048 + 1200);
        assertTrue(e.outputs().get(0).metrics().snapshot().get("dropped_records") >= 100);
        EngineTest.await(() -> {
            try {
                return chunkFiles() <= 5; // what 2K holds: the dropped chunks' files are gone
            } catch (Exception ex) {
                return false;
            }
        }, 3000);
    }

    @Test
    void corruptFileAtStart_reportedSkipped_engineStartsAndDelivers() throws Exception {
        Path in = dir.resolve("buf").resolve("manual.0");
        Files.createDirectories(in);
        Files.write(in.resolve("0000000000001-1-00000001.flb"), new byte[] {(byte) 0xC1, 'P', 'G'});
        TestPlugins p = new TestPlugins();
        Engine e = start(p, service("    storage.keep.rejected on\n") + "[OUTPUT]\n    Name scripted\n    Match *\n");
        p.input.send("app", 3, "x");
        EngineTest.await(() -> p.outputs.get(0).records() == 3, 3000);
        assertEquals(1, e.storageMetrics().get(StorageMetrics.IRRECOVERABLE_CHUNKS));
        assertTrue(Files.exists(dir.resolve("buf").resolve("rejected").resolve("manual.0")
            .resolve("0000000000001-1-00000001.flb")));
    }

    @Test
    void memrb_overLimit_dropsOldestNeverPauses() throws Exception {
        TestPlugins p = new TestPlugins();
        Engine e = start(p, "[SERVICE]\n    Flush 5\n    Grace 1\n\n[INPUT]\n    Name manual\n    Tag app\n"
            + "    storage.type memrb\n    Mem_Buf_Limit 2K\n\n[OUTPUT]\n    Name scripted\n    Match *\n");
        for (int i = 0; i < 10; i++) {
            p.input.send("t" + i, 20, "x");
        }
        assertEquals(0, p.input.pauses.get());
        assertTrue(e.storageMetrics().get(StorageMetrics.MEMRB_DROPPED_CHUNKS) >= 5);
        assertTrue(e.inputs().get(0).bufferedBytes() < 2048);
    }
    /** Sends one chunk's worth and waits until the engine has dispatched it (one chunk per call). */
    static void sendChunk(TestPlugins p, Engine e, String field, int n) throws InterruptedException {
        p.input.send("app", n, field);
        InputInstance in = e.inputs().get(0);
        EngineTest.await(() -> in.pendingChunkCount() == 0 && e.inflightChunks() == in.chunkCount(), 3000);
    }

    static java.util.Set<String> delivered(TestPlugins.ScriptedOutput o) {
        java.util.Set<String> out = new java.util.HashSet<>();
        synchronized (o.received) {
            for (dev.peregrine.pipeline.event.Chunk c : o.received) {
                for (Event ev : c.events()) {
                    out.add(ev.body().map().get(ValueFactory.newString("f")).toString() + "/"
                        + ev.body().map().get(ValueFactory.newString("n")));
                }
            }
        }
        return out;
    }

    @Test
    void maxChunksUp_outputDown_chunksPastTheLimitGoDown_allDeliveredFromTheirFilesAfter() throws Exception {
        TestPlugins p = new TestPlugins();
        Engine e = start(p, service("    storage.max_chunks_up 3\n")
            + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n");
        failForever(p.outputs.get(0));
        InputInstance in = e.inputs().get(0);
        for (int i = 0; i < 20; i++) {
            sendChunk(p, e, "c" + i, 10);
            // at most the limit, plus the one chunk the output's single worker may be flushing
            assertTrue(e.chunksUp().get() <= 3 + 1, "chunks up: " + e.chunksUp().get());
        }
        assertEquals(20, in.chunkCount());
        assertTrue(in.downChunkCount() >= 20 - 4, "chunks down: " + in.downChunkCount());
        assertEquals(20, chunkFiles(), "every chunk is on disk");
        assertEquals(0, p.input.pauses.get(), "without storage.pause_on_chunks_overlimit the input goes on");

        p.outputs.get(0).script.clear(); // the output is back
        EngineTest.await(() -> p.outputs.get(0).records() == 200, 10_000);
        java.util.Set<String> want = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            for (int n = 0; n < 10; n++) {
                want.add("c" + i + "/" + n);
            }
        }
        assertEquals(want, delivered(p.outputs.get(0)), "down chunks are delivered with their records");
        EngineTest.await(() -> in.chunkCount() == 0, 3000);
        assertEquals(0, in.downChunkCount());
        assertEquals(0, e.chunksUp().get());
        assertEquals(0, in.bufferedBytes());
        EngineTest.await(() -> {
            try {
                return chunkFiles() == 0;
            } catch (Exception ex) {
                return false;
            }
        }, 3000);
    }

    @Test
    void pauseOnChunksOverlimit_maxChunksUpReached_inputPausedUntilDelivered() throws Exception {
        TestPlugins p = new TestPlugins();
        Engine e = start(p, service("    storage.max_chunks_up 2\n") + "    storage.pause_on_chunks_overlimit on\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n");
        failForever(p.outputs.get(0));
        InputInstance in = e.inputs().get(0);
        sendChunk(p, e, "a", 10);
        assertEquals(0, p.input.pauses.get());
        sendChunk(p, e, "b", 10);
        assertEquals(1, p.input.pauses.get(), "paused at storage.max_chunks_up");
        assertTrue(in.paused());
        int attempts = p.outputs.get(0).attemptsAt.size();
        EngineTest.await(() -> p.outputs.get(0).attemptsAt.size() >= attempts + 2, 5000); // retries fail meanwhile
        assertTrue(in.paused(), "the chunks stay up, the input stays paused");
        assertEquals(0, p.input.resumes.get());
        assertEquals(2, e.chunksUp().get());

        p.outputs.get(0).script.clear();
        EngineTest.await(() -> p.outputs.get(0).records() == 20, 10_000);
        EngineTest.await(() -> !in.paused(), 3000);
        assertEquals(1, p.input.resumes.get());
    }

    @Test
    void backlogMemLimit_recoveredFilesLoadedAsRoomAllows_allDelivered() throws Exception {
        String conf = service("") + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n";
        TestPlugins first = new TestPlugins();
        Engine a = start(first, conf);
        failForever(first.outputs.get(0));
        for (int i = 0; i < 5; i++) {
            sendChunk(first, a, "r" + i, 10);
        }
        a.shutdown(null); // the output never took them: five files stay
        assertEquals(5, chunkFiles());

        TestPlugins second = new TestPlugins();
        Engine b = build(second, conf.replace("storage.path", "storage.backlog.mem_limit 1\n    storage.path"));
        failForever(second.outputs.get(0));
        b.start();
        // one recovered chunk in memory at a time, the other files wait down
        assertEquals(1, b.inputs().get(0).chunkCount());
        assertEquals(4, b.backlog().size(b.inputs().get(0)));
        second.outputs.get(0).script.clear();
        EngineTest.await(() -> second.outputs.get(0).records() == 50, 10_000);
        assertEquals(0, b.backlog().size());
        assertEquals(50, b.storageMetrics().get(StorageMetrics.RECOVERED_RECORDS));
    }
}
