package dev.peregrine.filters.golden;

import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.filters.support.CaseConfig;
import dev.peregrine.filters.support.DefaultFormat;
import dev.peregrine.filters.support.SharedData;
import dev.peregrine.filters.support.TestOptions;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.ParserDefinitions;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the golden cases whose pipeline is dummy → these filters → stdout, in both config formats, and compares with
 * what Fluent Bit 5.1.1 printed. The config is read with a tiny test reader; the filters come from the ServiceLoader,
 * so the registration file is tested too.
 */
class GoldenFilterCasesTest {
    private static final List<String> PREFIXES = List.of("grep_", "modify_", "record_modifier_", "nest_", "parser_",
            "rewrite_tag", "yaml_inline_parsers");
    private static final List<String> INVALID = List.of("invalid_grep_", "invalid_modify_", "invalid_nest_",
            "invalid_missing_parser");
    private static final Map<String, FilterFactory> FACTORIES = new HashMap<>();

    static {
        for (FilterFactory f : ServiceLoader.load(FilterFactory.class)) {
            FACTORIES.put(f.name(), f);
        }
        Log.setLevel(LogLevel.OFF);
    }

    @TestFactory
    Stream<DynamicTest> goldenPipelines_printSameRecordsAsFluentBit() throws IOException {
        Path golden = SharedData.goldenDir();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(golden)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (PREFIXES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                for (String conf : List.of("fluent-bit.conf", "fluent-bit.yaml")) {
                    if (Files.exists(dir.resolve(conf))) {
                        tests.add(DynamicTest.dynamicTest(name + " (" + conf + ")", () -> runCase(dir, conf)));
                    }
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> goldenInvalidConfigs_failAtFilterCreationWithFluentBitsMessage() throws IOException {
        Path golden = SharedData.goldenDir();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(golden)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (INVALID.stream().anyMatch(name::startsWith) && !name.equals("invalid_missing_parsers_file")) {
                    tests.add(DynamicTest.dynamicTest(name, () -> runInvalid(dir)));
                }
            }
        }
        return tests.stream();
    }

    /** The tail cases stdout_dates_* use a json parser with %L and %z: check the record times it yields. */
    @Test
    void jsonParserTimes_matchStdoutDatesGoldenCase() throws Exception {
        Path dir = SharedData.goldenDir().resolve("stdout_dates_msgpack");
        ParserRegistry reg = parsers(dir, CaseConfig.classic(dir.resolve("parsers.conf"), Map.of()));
        Parser p = reg.get("json_time");
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String line : Files.readAllLines(dir.resolve("input.log"))) {
            Parser.Result r = p.parse(line);
            if (r.time() == null || r.time().seconds() < 0) {
                continue; // time 0 gives read time; before 1970 Fluent Bit drops the record
            }
            out.append(DefaultFormat.line(n++, "dates", Event.of(r.time(), r.body())));
        }
        assertEquals(Files.readString(dir.resolve("expected.stdout")), out.toString());
    }

    private static Map<String, String> env(Path dir) throws IOException {
        Map<String, String> env = new HashMap<>();
        Value c = FluentJsonDecoder.decodeAll(Files.readString(dir.resolve("case.json"))).get(0);
        Value e = field(c.asMapValue(), "env");
        if (e != null && e.isMapValue()) {
            for (Map.Entry<Value, Value> kv : e.asMapValue().entrySet()) {
                env.put(kv.getKey().asStringValue().asString(), kv.getValue().asStringValue().asString());
            }
        }
        return env;
    }

    private static boolean sortLines(Path dir) throws IOException {
        return Files.readString(dir.resolve("case.json")).contains("\"sort_lines\"");
    }

    private static Value field(MapValue m, String k) {
        for (Map.Entry<Value, Value> e : m.entrySet()) {
            if (e.getKey().isStringValue() && e.getKey().asStringValue().asString().equals(k)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static CaseConfig config(Path dir, String conf) throws IOException {
        Map<String, String> env = env(dir);
        return conf.endsWith(".yaml") ? CaseConfig.yaml(dir.resolve(conf), env)
                : CaseConfig.classic(dir.resolve(conf), env);
    }

    private static ParserRegistry parsers(Path dir, CaseConfig cfg) throws IOException, ConfigException {
        ParserRegistry reg = new ParserRegistry();
        List<Section> sections = new ArrayList<>(cfg.of("parser"));
        for (Section svc : cfg.of("service")) {
            String pf = svc.get("parsers_file");
            if (pf != null) {
                sections.addAll(CaseConfig.classic(dir.resolve(pf), Map.of()).of("parser"));
            }
        }
        for (Section s : sections) {
            reg.add(ParserDefinitions.fromSection(s));
        }
        return reg;
    }

    private record Stage(String match, Filter filter) {
    }

    private static List<Stage> filters(CaseConfig cfg, ParserRegistry reg) throws PluginConfigException {
        List<Stage> stages = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Section s : cfg.of("filter")) {
            String name = s.get("name").toLowerCase(Locale.ROOT);
            FilterFactory f = FACTORIES.get(name);
            if (f == null) {
                throw new AssertionError("no filter plugin " + name + " registered");
            }
            List<Property> props = s.properties().stream()
                    .filter(p -> !List.of("name", "match", "match_regex", "alias").contains(p.key())).toList();
            for (Property p : props) {
                if (f.options().stream().noneMatch(o -> o.name().equals(p.key()))) {
                    throw new AssertionError(name + ": unknown configuration property '" + p.key() + "'");
                }
            }
            int n = counts.merge(name, 1, Integer::sum) - 1;
            Options opts = TestOptions.of(f.options(), props);
            stages.add(new Stage(s.get("match"), f.create(new TestPluginContext(name + "." + n, opts, reg))));
        }
        return stages;
    }

    private static void runCase(Path dir, String conf) throws Exception {
        CaseConfig cfg = config(dir, conf);
        ParserRegistry reg = parsers(dir, cfg);
        List<Stage> stages = filters(cfg, reg);
        Section input = cfg.of("input").get(0);
        String tag = input.get("tag");
        EventTime time = new EventTime(Long.parseLong(input.get("start_time_sec")),
                Integer.parseInt(input.get("start_time_nsec")));
        // chunks by tag, in order of appearance: the input's own chunk, then one per re-emitted tag
        Map<String, List<Event>> chunks = new LinkedHashMap<>();
        chunks.put(tag, new ArrayList<>());
        for (Value v : FluentJsonDecoder.decodeAll(input.get("dummy"))) {
            run(stages, 0, tag, Event.of(time, v.asMapValue()), chunks);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Event>> c : chunks.entrySet()) {
            int n = 0;
            for (Event e : c.getValue()) {
                lines.add(DefaultFormat.line(n++, c.getKey(), e));
            }
        }
        String expected = Files.readString(dir.resolve("expected.stdout"));
        String actual = String.join("", lines);
        if (sortLines(dir)) {
            expected = sorted(expected);
            actual = sorted(actual);
        }
        assertEquals(expected, actual);
    }

    private static String sorted(String s) {
        String[] l = s.split("\n");
        Arrays.sort(l);
        return String.join("\n", l) + "\n";
    }

    private static void run(List<Stage> stages, int from, String tag, Event event, Map<String, List<Event>> chunks) {
        if (from == stages.size()) {
            chunks.computeIfAbsent(tag, k -> new ArrayList<>()).add(event);
            return;
        }
        Stage s = stages.get(from);
        if (!globMatch(s.match, tag)) {
            run(stages, from + 1, tag, event, chunks);
            return;
        }
        s.filter.filter(tag, event, new Filter.FilterOutput() {
            @Override
            public void keep(Event e) {
                run(stages, from + 1, tag, e, chunks);
            }

            @Override
            public void emit(String newTag, Event e) {
                run(stages, 0, newTag, e, chunks);
            }
        });
    }

    /** Match with only '*' (which also crosses dots), whole tag, case-sensitive. */
    static boolean globMatch(String pattern, String tag) {
        if (pattern == null) {
            return false;
        }
        String rx = Arrays.stream(pattern.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                .reduce((a, b) -> a + ".*" + b).orElse("");
        return tag.matches(rx);
    }

    private static void runInvalid(Path dir) throws Exception {
        CaseConfig cfg = CaseConfig.classic(dir.resolve("fluent-bit.conf"), Map.of());
        ParserRegistry reg = new ParserRegistry();
        String stderr = Files.readString(dir.resolve("expected.stderr"));
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> filters(cfg, reg));
        String name = cfg.of("filter").get(0).get("name").toLowerCase(Locale.ROOT);
        String line = "[error] [filter:" + name + ":" + name + ".0] " + e.getMessage();
        assertTrue(stderr.contains(line), () -> "expected.stderr has no line '" + line + "'\n" + stderr);
    }
}
