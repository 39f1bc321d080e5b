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
        Path f = dir.resolve("test.conf");
        Files.writeString(f, conf);
        Config c = ClassicConfigReader.read(f);
        PipelineBuilder b = new PipelineBuilder(c, plugins.registry(), loops);
        b.validate();
        Engine e = b.build(PipelineBuilder.newScheduler());
        e.start();
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
}
