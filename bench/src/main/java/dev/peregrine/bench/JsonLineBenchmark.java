package dev.peregrine.bench;

import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.ParserDefinitions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The tail input's JSON line path once compiled: {@code Parser json} with Time_Key and Time_Format (TailLoad's
 * parser) turning each line of TailLoad's JSON file straight into a msgpack record, ns per line. The whole-process
 * figure (TailLoad) adds JVM start, JIT and the chunk path; this one isolates the parser.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar JsonLineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonLineBenchmark {
    private static final int LINES = 1000;

    private Parser parser;
    private byte[] text;
    private int[] starts;
    private final ByteSink out = new ByteSink(512);

    @Setup
    public void setup() throws Exception {
        Section s = new Section("parser", new Location("parsers.conf", 1));
        s.add("name", "json", new Location("parsers.conf", 2));
        s.add("format", "json", new Location("parsers.conf", 3));
        s.add("time_key", "time", new Location("parsers.conf", 4));
        s.add("time_format", "%d/%b/%Y:%H:%M:%S %z", new Location("parsers.conf", 5));
        parser = ParserDefinitions.fromSection(s);
        if (!parser.writesMsgpack()) {
            throw new IllegalStateException("the json parser no longer writes msgpack directly");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        starts = new int[LINES + 1];
        for (int i = 0; i < LINES; i++) {
            starts[i] = b.size();
            // TailLoad's first 1000 lines: one second's, so the time text repeats (TimeFormat's cache) as in its file
            b.writeBytes(TailLoad.line(i, TailLoad.Flavour.JSON).getBytes(StandardCharsets.UTF_8));
        }
        starts[LINES] = b.size();
        text = b.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseLines(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            out.reset();
            EventTime t = parser.parseTo(text, starts[i], starts[i + 1] - starts[i], out);
            bh.consume(t);
            bh.consume(out.size());
        }
    }
}
