package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.log.Log;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The {@code stdout_dates_*} cases run tail + a json parser with Time_Key, which this module does not have. Their
 * date formatting is still checked here: the records are the input.log lines (decoded with
 * {@link FluentJsonDecoder}), their times are the ones the msgpack-format case printed (what the parser gave), and
 * each case's json_date_format output must match its expected.stdout byte for byte.
 */
class StdoutDatesTest {
    private static final Pattern LINE = Pattern.compile("^\\[\\d+] dates: \\[\\[(\\d+)\\.(\\d{9}), \\{}], .*\"n\"=>(\\d+)}]$");

    @TestFactory
    Stream<DynamicTest> dateFormats() throws IOException {
        Path golden = StdoutGoldenTest.goldenDir();
        Path msgpackCase = golden.resolve("stdout_dates_msgpack");
        Map<Long, EventTime> times = new HashMap<>();
        for (String l : Files.readAllLines(msgpackCase.resolve("expected.stdout"), StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                times.put(Long.parseLong(m.group(3)), new EventTime(Long.parseLong(m.group(1)),
                        Integer.parseInt(m.group(2))));
            }
        }
        assertFalse(times.isEmpty(), "no record times found in stdout_dates_msgpack");
        List<Event> events = new ArrayList<>();
        for (String l : Files.readAllLines(msgpackCase.resolve("input.log"), StandardCharsets.UTF_8)) {
            MapValue body = FluentJsonDecoder.decodeOne(l).asMapValue();
            long n = -1;
            for (Map.Entry<Value, Value> e : body.entrySet()) {
                if (e.getKey().asStringValue().asString().equals("n")) {
                    n = e.getValue().asIntegerValue().asLong();
                }
            }
            EventTime t = times.get(n);
            if (t != null) { // the parser dropped the others (pre-1970 time)
                events.add(Event.of(t, body));
            }
        }
        List<Path> cases;
        try (Stream<Path> s = Files.list(golden)) {
            cases = s.filter(p -> p.getFileName().toString().startsWith("stdout_dates_")).sorted().toList();
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
            StdoutGoldenTest.ClassicConf conf = StdoutGoldenTest.ClassicConf.read(c.resolve("fluent-bit.conf"));
            Map<String, String> out = conf.sections("output").get(0);
            StdoutOptions opts = StdoutOptions.of(out.get("format"), out.get("json_date_format"),
                    out.get("json_date_key"), Log.of("output:stdout:stdout.0"));
            ByteSink sink = new ByteSink();
            new StdoutFormatter(opts, true, false).format("dates", events, sink);
            String expected = Files.readString(c.resolve("expected.stdout"), StandardCharsets.UTF_8);
            assertEquals(expected, sink.toString());
        }));
    }
}
