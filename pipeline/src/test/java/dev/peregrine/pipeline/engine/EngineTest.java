package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.plugin.FlushResult;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine with real config files, driven through test plugins: routing, filters, retries, limits, shutdown. */
class EngineTest {
    @TempDir
    Path dir;
    final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    final TestPlugins plugins = new TestPlugins();
    Engine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.shutdown(null);
        }
        loops.shutdownGracefully();
    }

    Engine start(String conf) throws Exception {
        Path f = dir.resolve("test.conf");
        Files.writeString(f, conf);
        Config c = ClassicConfigReader.read(f);
        PipelineBuilder b = new PipelineBuilder(c, plugins.registry(), loops);
        b.validate();
        engine = b.build(PipelineBuilder.newScheduler());
        engine.start();
        return engine;
    }

    static void await(BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean(), "condition not met within " + millis + " ms");
    }

    private static final String SERVICE = "[SERVICE]\n    Flush 0.05\n    Grace 2\n    scheduler.base 1\n"
        + "    scheduler.cap 1\n\n[INPUT]\n    Name manual\n    Tag app\n";

    @Test
    void routing_matchAndMatchRegex_eachRecordToEveryMatchingOutput() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match app.*\n\n[OUTPUT]\n    Name scripted\n"
            + "    Match_Regex ^web\n\n[OUTPUT]\n    Name scripted\n    Match *\n");
        plugins.input.send("app.log", 3, "x");
        plugins.input.send("web.log", 2, "x");
        plugins.input.send("other", 1, "x");
        await(() -> plugins.outputs.get(2).records() == 6, 3000);
        assertEquals(3, plugins.outputs.get(0).records());
        assertEquals(2, plugins.outputs.get(1).records());
    }

    @Test
    void eventTypes_ofTheFiltersOnTheInputsTag_reachTheInputBeforeItStarts() throws Exception {
        start(SERVICE + "[FILTER]\n    Name dropsplit\n    Match app*\n\n"
            + "[FILTER]\n    Name types\n    Match app\n    Types openat,execve\n\n"
            + "[FILTER]\n    Name types\n    Match a*\n    Types close\n\n"
            + "[FILTER]\n    Name types\n    Match other\n    Types mkdir\n\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n");
        assertEquals(java.util.Set.of("openat", "execve", "close"), plugins.input.selected);
        assertTrue(plugins.input.selectedBeforeStart);
    }

    @Test
    void eventTypes_firstFilterDropsOtherTypes_inputHandsOnOnlyItsTypes() throws Exception {
        start(SERVICE + "[FILTER]\n    Name types\n    Match app\n    Types openat,execve\n    Drops_Others on\n\n"
            + "[FILTER]\n    Name types\n    Match a*\n    Types close\n\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n");
        assertEquals(java.util.Set.of("openat", "execve", "close"), plugins.input.selected, "captured: the union");
        assertEquals(java.util.Set.of("openat", "execve"), plugins.input.handedOn,
            "handed on: what the first filter does not drop");
    }

    @Test
    void eventTypes_firstFilterKeepsOtherTypes_inputHandsOnEverything() throws Exception {
        start(SERVICE + "[FILTER]\n    Name types\n    Match app\n    Types close\n\n"
            + "[FILTER]\n    Name types\n    Match app\n    Types openat\n    Drops_Others on\n\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n");
        assertEquals(java.util.Set.of("openat", "close"), plugins.input.selected);
        assertNull(plugins.input.handedOn, "the first filter passes close on to the second");
    }

    @Test
    void eventTypes_noFilterNarrows_inputNotAsked() throws Exception {
        start(SERVICE + "[FILTER]\n    Name dropsplit\n    Match app*\n\n"
            + "[FILTER]\n    Name types\n    Match other\n    Types mkdir\n\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n");
        assertNull(plugins.input.selected);
    }

    @Test
    void mayBlockFilter_appendFromANettyEventLoop_runsOnTheInputsFilterThread() throws Exception {
        start(SERVICE + "[FILTER]\n    Name waiting\n    Match app\n\n[OUTPUT]\n    Name scripted\n    Match *\n");
        io.netty.channel.DefaultEventLoop loop = new io.netty.channel.DefaultEventLoop();
        try {
            var first = loop.submit(() -> plugins.input.sink.appendDurable("app", TestPlugins.ManualInput.events(1,
                "wait"))).get(5, java.util.concurrent.TimeUnit.SECONDS);
            // the filter waits; the loop is free: its next task runs, and a second append queues behind the first
            assertEquals("free", loop.submit(() -> "free").get(5, java.util.concurrent.TimeUnit.SECONDS));
            loop.submit(() -> plugins.input.sink.appendDurable("app", TestPlugins.ManualInput.events(1, "keep")))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(100);
            assertFalse(first.toCompletableFuture().isDone(), "stored only once the filter has let it through");
            assertEquals(0, plugins.outputs.get(0).records());
            plugins.waiting.release.countDown();
            first.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            await(() -> plugins.outputs.get(0).records() == 2, 3000);
            var order = new java.util.ArrayList<String>();
            for (var c : plugins.outputs.get(0).received) {
                for (var e : c.events()) {
                    order.add(e.body().map().get(org.msgpack.value.ValueFactory.newString("f")).toString());
                }
            }
            assertEquals(java.util.List.of("wait", "keep"), order, "in append order");
            assertTrue(plugins.waiting.threads.stream().allMatch(t -> t.startsWith("flb-filters-")),
                plugins.waiting.threads.toString());
        } finally {
            loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void mayBlockFilter_appendFromAnOrdinaryThread_runsThere() throws Exception {
        start(SERVICE + "[FILTER]\n    Name waiting\n    Match app\n\n[OUTPUT]\n    Name scripted\n    Match *\n");
        plugins.waiting.release.countDown();
        plugins.input.send("app", 2, "wait");
        assertEquals(java.util.List.of(Thread.currentThread().getName(), Thread.currentThread().getName()),
            plugins.waiting.threads, "a tail or syscall reader may wait itself: nothing to hand over");
        await(() -> plugins.outputs.get(0).records() == 2, 3000);
    }

    @Test
    void filters_dropSplitAndRetag_countedAndRouted() throws Exception {
        start(SERVICE + "[FILTER]\n    Name dropsplit\n    Match app*\n\n[OUTPUT]\n    Name scripted\n"
            + "    Match *\n");
        plugins.input.send("app", 1, "drop");
        plugins.input.send("app", 1, "split");
        plugins.input.send("app", 1, "keep");
        plugins.input.send("app", 1, "retag");
        await(() -> plugins.outputs.get(0).records() == 4, 3000);
        boolean retagged = plugins.outputs.get(0).received.stream().anyMatch(c -> c.tag().equals("retagged.app"));
        assertTrue(retagged, "the re-tagged record arrives under its new tag");
        var m = engine.filters().get(0).metrics().snapshot();
        assertEquals(2L, m.get("drop_records"), "the dropped record and the re-tagged original");
        assertEquals(4L, m.get("records"));
    }

    @Test
    void batch_filtersRunPerEvent_keptRecordsAndMetricsAtClose() throws Exception {
        start(SERVICE + "[FILTER]\n    Name dropsplit\n    Match app*\n\n[OUTPUT]\n    Name scripted\n"
            + "    Match *\n");
        var batch = plugins.input.sink.batch("app");
        for (String f : java.util.List.of("drop", "split", "keep", "retag")) {
            batch.add(dev.peregrine.pipeline.event.Event.of(new dev.peregrine.pipeline.event.EventTime(1, 0),
                org.msgpack.value.ValueFactory.newMap(org.msgpack.value.ValueFactory.newString("f"),
                    org.msgpack.value.ValueFactory.newString(f))));
        }
        assertEquals(0L, engine.filters().get(0).metrics().snapshot().get("records"), "counted when the batch closes");
        assertEquals(0L, engine.inputs().get(0).metrics().snapshot().get("records"));
        batch.close();
        await(() -> plugins.outputs.get(0).records() == 4, 3000);
        var m = engine.filters().get(0).metrics().snapshot();
        assertEquals(4L, m.get("records"));
        assertEquals(2L, m.get("drop_records"), "the dropped record and the re-tagged original");
        assertEquals(1L, m.get("add_records"), "the split");
        assertEquals(4L, engine.inputs().get(0).metrics().snapshot().get("records"));
    }

    @Test
    void batch_liveTypedBody_retainedWhenItOutlivesTheFilters() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match *\n");
        StringBuilder reused = new StringBuilder();
        var batch = plugins.input.sink.batch("app");
        for (String v : java.util.List.of("first", "second")) {
            reused.setLength(0);
            reused.append(v); // the source reuses its buffer for the next event
            batch.add(dev.peregrine.pipeline.event.Event.typed(new dev.peregrine.pipeline.event.EventTime(1, 0),
                new LiveBody(reused, false)));
        }
        reused.setLength(0);
        reused.append("overwritten");
        batch.close();
        await(() -> plugins.outputs.get(0).records() == 2, 3000);
        var got = new java.util.ArrayList<String>();
        for (var c : plugins.outputs.get(0).received) {
            for (var e : c.events()) {
                got.add(e.body().map().get(org.msgpack.value.ValueFactory.newString("v")).toString());
            }
        }
        assertEquals(java.util.List.of("first", "second"), got);
    }

    /** A typed body over a buffer its source reuses: retain() copies it, as live syscall records do. */
    private record LiveBody(CharSequence text, boolean owned) implements dev.peregrine.pipeline.event.TypedBody {
        @Override
        public org.msgpack.value.MapValue toMap() {
            return org.msgpack.value.ValueFactory.newMap(org.msgpack.value.ValueFactory.newString("v"),
                org.msgpack.value.ValueFactory.newString(text.toString()));
        }

        @Override
        public dev.peregrine.pipeline.event.TypedBody retain() {
            return owned ? this : new LiveBody(text.toString(), true);
        }
    }

    @Test
    void retry_outputAnswersRetry_engineRetriesWithBackoffThenDelivers() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit 3\n");
        TestPlugins.ScriptedOutput out = plugins.outputs.get(0);
        out.script.add(FlushResult.RETRY);
        out.script.add(FlushResult.RETRY);
        plugins.input.send("app", 5, "x");
        await(() -> out.records() == 5, 8000);
        assertEquals(3, out.attemptsAt.size());
        long gap = out.attemptsAt.get(1) - out.attemptsAt.get(0);
        assertTrue(gap >= 900, "a retry waits scheduler.base (1 s), waited " + gap + " ms");
        var m = engine.outputs().get(0).metrics().snapshot();
        assertEquals(2L, m.get("retries"));
        assertEquals(10L, m.get("retried_records"));
        assertEquals(5L, m.get("proc_records"));
        assertEquals(0L, m.get("retries_failed"));
    }

    @Test
    void retry_limitReached_chunkDroppedAndCounted() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit 1\n");
        TestPlugins.ScriptedOutput out = plugins.outputs.get(0);
        out.script.add(FlushResult.RETRY);
        out.script.add(FlushResult.RETRY);
        plugins.input.send("app", 4, "x");
        await(() -> engine.outputs().get(0).metrics().snapshot().get("retries_failed") == 1, 5000);
        var m = engine.outputs().get(0).metrics().snapshot();
        assertEquals(4L, m.get("dropped_records"));
        assertEquals(1L, m.get("retries"));
        assertEquals(0, out.records());
        // dropped chunks release their buffer
        await(() -> engine.inputs().get(0).bufferedBytes() == 0, 2000);
    }

    @Test
    void retry_noRetries_firstFailureDrops() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_retries\n");
        plugins.outputs.get(0).script.add(FlushResult.RETRY);
        plugins.input.send("app", 2, "x");
        await(() -> engine.outputs().get(0).metrics().snapshot().get("retries_failed") == 1, 3000);
        assertEquals(1, plugins.outputs.get(0).attemptsAt.size());
    }

    @Test
    void error_result_dropsWithoutRetry() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n");
        plugins.outputs.get(0).script.add(FlushResult.ERROR);
        plugins.input.send("app", 2, "x");
        await(() -> engine.outputs().get(0).metrics().snapshot().get("errors") == 1, 3000);
        Thread.sleep(300);
        assertEquals(1, plugins.outputs.get(0).attemptsAt.size());
        assertEquals(2L, engine.outputs().get(0).metrics().snapshot().get("dropped_records"));
    }

    @Test
    void memBufLimit_overLimit_pausesInputThenResumesWhenDelivered() throws Exception {
        start("[SERVICE]\n    Flush 0.05\n    Grace 2\n\n[INPUT]\n    Name manual\n    Tag app\n"
            + "    Mem_Buf_Limit 2K\n\n[OUTPUT]\n    Name scripted\n    Match *\n");
        TestPlugins.ScriptedOutput out = plugins.outputs.get(0);
        out.delayMillis = 300;
        plugins.input.send("app", 100, "x".repeat(50));
        assertTrue(plugins.input.sink.paused(), "over Mem_Buf_Limit the input is paused");
        assertEquals(1, plugins.input.pauses.get());
        // Records appended while paused are still accepted: pausing never drops.
        plugins.input.send("app", 10, "late");
        await(() -> out.records() == 110, 5000);
        await(() -> plugins.input.resumes.get() == 1, 2000);
        assertTrue(!plugins.input.sink.paused());
    }

    @Test
    void shutdown_grace_flushesBufferedRecordsBeforeStopping() throws Exception {
        start("[SERVICE]\n    Flush 60\n    Grace 3\n\n[INPUT]\n    Name manual\n    Tag app\n\n"
            + "[OUTPUT]\n    Name scripted\n    Match *\n");
        plugins.input.send("app", 7, "x");
        assertEquals(0, plugins.outputs.get(0).records(), "nothing flushed before the 60 s timer");
        engine.shutdown("test");
        assertEquals(7, plugins.outputs.get(0).records());
    }

    @Test
    void shutdown_outputDown_givesUpAfterGrace() throws Exception {
        start("[SERVICE]\n    Flush 60\n    Grace 1\n    scheduler.base 5\n\n[INPUT]\n    Name manual\n"
            + "    Tag app\n\n[OUTPUT]\n    Name scripted\n    Match *\n    Retry_Limit no_limits\n");
        for (int i = 0; i < 10; i++) {
            plugins.outputs.get(0).script.add(FlushResult.RETRY);
        }
        plugins.input.send("app", 1, "x");
        long t0 = System.currentTimeMillis();
        engine.shutdown("test");
        long took = System.currentTimeMillis() - t0;
        assertTrue(took < 2500, "shutdown waits at most Grace, took " + took + " ms");
    }

    @Test
    void outputWithoutMatch_oneInputOneOutput_getsEverything() throws Exception {
        start(SERVICE + "[OUTPUT]\n    Name scripted\n");
        plugins.input.send("anything", 2, "x");
        await(() -> plugins.outputs.get(0).records() == 2, 3000);
    }

    @Test
    void validate_unknownKeys_reportedAllAtOnceWithFileAndLine() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "[INPUT]\n    Name manual\n    Bogus 1\n\n[OUTPUT]\n    Name scripted\n"
            + "    Label a\n    Label b\n    Other x\n");
        PipelineBuilder b = new PipelineBuilder(ClassicConfigReader.read(f), plugins.registry(), loops);
        PipelineException e = assertThrows(PipelineException.class, b::validate);
        assertEquals(PipelineException.Stage.OPTIONS, e.stage());
        assertEquals(3, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().contains("bad.conf:3: manual: unknown configuration property 'bogus'"),
            e.getMessage());
        assertTrue(e.getMessage().contains("bad.conf:8: scripted: configuration property 'label' is set 2 times"),
            e.getMessage());
        assertTrue(e.getMessage().contains("The following properties are allowed: label."), e.getMessage());
    }

    @Test
    void validate_unknownPlugin_isStructureError() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "[INPUT]\n    Name nosuch\n");
        PipelineBuilder b = new PipelineBuilder(ClassicConfigReader.read(f), plugins.registry(), loops);
        PipelineException e = assertThrows(PipelineException.class, b::validate);
        assertEquals(PipelineException.Stage.STRUCTURE, e.stage());
        assertTrue(e.getMessage().contains("section 'nosuch' tried to instance a plugin name that doesn't exist"));
    }
}
