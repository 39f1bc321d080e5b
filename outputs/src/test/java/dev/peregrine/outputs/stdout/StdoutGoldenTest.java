package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.log.Log;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays the golden {@code stdout_*} cases recorded from Fluent Bit 5.1.1 whose pipeline is only dummy -> stdout:
 * builds the records as the dummy input would (Dummy/Metadata through {@link FluentJsonDecoder}, fixed timestamp,
 * Copies), formats them as one chunk with {@link StdoutFormatter} and compares bytes with expected.stdout. Cases
 * with another input or with filters are reported as skipped with the reason.
 *
 * <p>The shared reference directory is {@code $PEREGRINE_SHARED} (set by surefire), else /work/shared. When it is
 * missing the tests are skipped, unless {@code CI=true}, where that is a failure.
 */
class StdoutGoldenTest {
    static Path goldenDir() {
        String env = System.getenv("PEREGRINE_SHARED");
        Path shared = Path.of(env != null && !env.isBlank() ? env : "/work/shared");
        Path golden = shared.resolve("fluent-bit/golden");
        if (!Files.isDirectory(golden)) {
            String msg = "golden cases not found at " + golden + " (set PEREGRINE_SHARED to the shared directory)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return golden;
    }

    @TestFactory
    Stream<DynamicTest> goldenStdoutCases() throws IOException {
        Path golden = goldenDir();
        List<Path> cases;
        try (Stream<Path> s = Files.list(golden)) {
            // Cases fed by other inputs (stdout_dates_* read through tail) are run end to end by the it module's
            // GoldenCasesTest and by StdoutDatesTest; this test covers the dummy -> stdout ones.
            cases = s.filter(p -> p.getFileName().toString().startsWith("stdout_"))
                .filter(p -> dummyOnly(p)).sorted().toList();
        }
        if (cases.isEmpty()) {
            fail("no stdout_* cases in " + golden);
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c)));
    }

    private static boolean dummyOnly(Path dir) {
        try {
            return ClassicConf.read(dir.resolve("fluent-bit.conf")).unsupportedReason() == null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void runCase(Path dir) throws IOException {
        ClassicConf conf = ClassicConf.read(dir.resolve("fluent-bit.conf"));
        Map<String, String> in = conf.sections("input").get(0);
        Map<String, String> outSec = conf.sections("output").get(0);
        String dummy = in.getOrDefault("dummy", "{\"message\":\"dummy\"}");
        String metadata = in.getOrDefault("metadata", "{}");
        EventTime t = new EventTime(Long.parseLong(in.getOrDefault("start_time_sec", "0")),
                Integer.parseInt(in.getOrDefault("start_time_nsec", "0")));
        int copies = Integer.parseInt(in.getOrDefault("copies", "1"));
        MapValue meta = firstMap(FluentJsonDecoder.decodeAll(metadata));
        List<MapValue> bodies = FluentJsonDecoder.decodeRecords(dummy);
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (MapValue b : bodies) {
                events.add(Event.of(t, meta, b));
            }
        }
        String tag = in.getOrDefault("tag", "dummy.0");
        Map<String, String> service = conf.sections("service").isEmpty() ? Map.of() : conf.sections("service").get(0);
        boolean escape = !"false".equalsIgnoreCase(service.getOrDefault("json.escape_unicode", "true"))
                && !"off".equalsIgnoreCase(service.getOrDefault("json.escape_unicode", "true"));
        StdoutOptions opts = StdoutOptions.of(outSec.get("format"), outSec.get("json_date_format"),
                outSec.get("json_date_key"), Log.of("output:stdout:stdout.0"));
        ByteSink out = new ByteSink();
        new StdoutFormatter(opts, escape, false).format(tag, events, out);

        byte[] expected = Files.readAllBytes(dir.resolve("expected.stdout"));
        byte[] actual = out.toByteArray();
        if (!java.util.Arrays.equals(expected, actual)) {
            assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(actual, StandardCharsets.ISO_8859_1),
                    "bytes differ for " + dir.getFileName());
        }
    }

    private static MapValue firstMap(List<Value> values) {
        for (Value v : values) {
            if (v.isMapValue()) {
                return v.asMapValue();
            }
        }
        return ValueFactory.emptyMap();
    }

    /** Just enough of the classic format for these cases: sections, "Key value" lines, lowercased keys. */
    record ClassicConf(List<Map.Entry<String, Map<String, String>>> all) {
        static ClassicConf read(Path p) throws IOException {
            List<Map.Entry<String, Map<String, String>>> all = new ArrayList<>();
            Map<String, String> cur = null;
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (!Character.isWhitespace(line.charAt(0)) && t.startsWith("[") && t.endsWith("]")) {
                    cur = new LinkedHashMap<>();
                    all.add(Map.entry(t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT), cur));
                    continue;
                }
                if (cur == null) {
                    continue;
                }
                String[] kv = t.split("\\s+", 2);
                cur.put(kv[0].toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1].strip() : "");
            }
            return new ClassicConf(all);
        }

        List<Map<String, String>> sections(String name) {
            List<Map<String, String>> r = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : all) {
                if (e.getKey().equals(name)) {
                    r.add(e.getValue());
                }
            }
            return r;
        }

        /** Why this case is not a plain dummy -> stdout pipeline, or null when it is. */
        String unsupportedReason() {
            List<Map<String, String>> inputs = sections("input");
            if (inputs.size() != 1 || !"dummy".equalsIgnoreCase(inputs.get(0).get("name"))) {
                return "input is not a single dummy (" + (inputs.isEmpty() ? "none" : inputs.get(0).get("name"))
                        + "); needs the full pipeline (covered by StdoutDatesTest for stdout_dates_*)";
            }
            if (!sections("filter").isEmpty()) {
                return "has filters";
            }
            List<Map<String, String>> outputs = sections("output");
            if (outputs.size() != 1 || !"stdout".equalsIgnoreCase(outputs.get(0).get("name"))) {
                return "output is not a single stdout";
            }
            return null;
        }
    }
}
