package dev.peregrine.bench;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.engine.PipelineBuilder;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import io.netty.channel.nio.NioEventLoopGroup;
import org.msgpack.value.MapValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question: how many records per second does the core move from an input through filters to an output, and how
 * much does it allocate per record?
 *
 * <p>Data: batches of 1,000 log records of ~200 bytes as a container log line parsed into a map (log, stream, time
 * and a small kubernetes map), appended under one tag, flushed and delivered to the {@code null} output; with no
 * filter, and with a grep filter and a modify filter (the everyday Fluent Bit chain).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PipelineBenchmark -prof gc} (allocation per record is
 * gc.alloc.rate.norm, since one operation is one record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
    static final int BATCH = 1000;

    @Param({"none", "grep+modify"})
    public String filters;

    private NioEventLoopGroup loops;
    private Engine engine;
    private InputSink sink;
    private List<MapValue> bodies;
    private final EventTime time = new EventTime(1_700_000_000L, 0);

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Log.setLevel(LogLevel.ERROR);
        loops = new NioEventLoopGroup(1);
        PluginRegistry registry = PluginRegistry.load();
        BenchInput input = new BenchInput();
        registry.register(input);
        Config c = new Config(null);
        Location at = Location.COMMAND_LINE;
        c.service().add("flush", "3600", at);
        Section in = new Section("input", at);
        in.add("name", "bench", at);
        in.add("tag", "kube.var.log.containers.app", at);
        c.addSection(in);
        if (filters.equals("grep+modify")) {
            Section g = new Section("filter", at);
            g.add("name", "grep", at);
            g.add("match", "kube.*", at);
            g.add("exclude", "log ^DEBUG", at);
            c.addSection(g);
            Section m = new Section("filter", at);
            m.add("name", "modify", at);
            m.add("match", "kube.*", at);
            m.add("add", "cluster prod-eu-1", at);
            m.add("rename", "stream source", at);
            c.addSection(m);
        }
        Section out = new Section("output", at);
        out.add("name", "null", at);
        out.add("match", "*", at);
        c.addSection(out);
        PipelineBuilder b = new PipelineBuilder(c, registry, loops);
        b.validate();
        engine = b.build(PipelineBuilder.newScheduler());
        engine.start();
        sink = input.sink;
        bodies = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            MapValue body = FluentJsonDecoder.decodeRecords("{\"log\":\"2026-11-28T01:00:00.000Z INFO request "
                + "handled path=/api/v1/items/" + i + " status=200 duration_ms=12\\n\",\"stream\":\"stdout\","
                + "\"time\":\"2026-11-28T01:00:00.123456789Z\",\"kubernetes\":{\"pod_name\":\"web-7d9c\","
                + "\"namespace_name\":\"shop\"}}").get(0);
            bodies.add(body);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.shutdown(null);
        loops.shutdownGracefully();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendFlushDeliver() {
        // Fresh events each time, as an input creates them (the bodies are shared: decoding is not measured here).
        List<Event> batch = new ArrayList<>(BATCH);
        for (MapValue b : bodies) {
            batch.add(Event.of(time, b));
        }
        sink.append("kube.var.log.containers.app", batch);
        engine.flush();
        while (engine.inflightChunks() > 0) {
            Thread.onSpinWait();
        }
    }

    /** An input the benchmark drives directly. */
    static final class BenchInput implements InputFactory, Input {
        volatile InputSink sink;

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public String description() {
            return "benchmark input";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of();
        }

        @Override
        public Input create(PluginContext context) {
            return this;
        }

        @Override
        public void start(InputSink sink) {
            this.sink = sink;
        }
    }
}
