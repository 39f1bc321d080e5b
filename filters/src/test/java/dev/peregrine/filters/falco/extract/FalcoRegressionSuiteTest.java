package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.extract.ScapReplay.Alert;
import dev.peregrine.filters.falco.extract.ScapReplay.Evaluate;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.Priority;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every detection case of Falco 0.35.1's {@code falco_tests.yaml} whose capture is one of the shipped
 * {@code trace_files/*.scap}: loads its rule files, applies {@code priority}, {@code disabled_rules},
 * {@code disable_tags}/{@code run_tags}, replays the capture (enter and exit events, first match, as Falco 0.35)
 * and checks {@code detect}, {@code detect_level} and {@code detect_counts}. Cases about output formatting,
 * configs, load errors or other captures are out of scope here and not generated.
 */
class FalcoRegressionSuiteTest {
    private static final String BASE = "falco-tests/falco-0.35.1-regression/";

    @TestFactory
    Stream<DynamicTest> detectionCases() throws IOException {
        Path dir = SharedData.require(BASE + "falco_tests.yaml").getParent();
        String text = Files.readString(dir.resolve("falco_tests.yaml"), StandardCharsets.UTF_8).replace("!mux", "");
        Map<String, Object> doc = new Yaml(new LoaderOptions()).load(text);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> cases = (Map<String, Map<String, Object>>) doc.get("trace_files");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            Map<String, Object> t = c.getValue();
            Object trace = t.get("trace_file");
            if (!(trace instanceof String s) || !s.startsWith("trace_files/") || t.get("rules_file") == null
                    || t.containsKey("exit_status") || t.containsKey("conf_file")
                    || !t.containsKey("detect") && !t.containsKey("detect_counts")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.getKey(), () -> run(dir, c.getKey(), t)));
        }
        assertTrue(tests.size() >= 40, "expected the detection cases of falco_tests.yaml, got " + tests.size());
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            List<String> r = new ArrayList<>();
            for (Object x : l) {
                r.add(String.valueOf(x));
            }
            return r;
        }
        return List.of(String.valueOf(o));
    }

    private static void run(Path dir, String name, Map<String, Object> t) throws IOException {
        RuleLoader loader = new RuleLoader();
        for (String f : strings(t.get("rules_file"))) {
            Path p = dir.resolve(f);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path q : s.sorted().toList()) {
                        loader.load(q.getFileName().toString(), Files.readString(q, StandardCharsets.UTF_8));
                    }
                }
            } else {
                loader.load(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        RuleSet rs = loader.compile();
        if (t.get("priority") != null) {
            rs.applyPriorityThreshold(Priority.parse(String.valueOf(t.get("priority"))));
        }
        for (String re : strings(t.get("disabled_rules"))) {
            Pattern p = Pattern.compile(re);
            for (CompiledRule r : rs.rules()) {
                if (p.matcher(r.name()).find()) {
                    rs.setEnabled(r.name(), false);
                }
            }
        }
        Set<String> disableTags = Set.copyOf(strings(t.get("disable_tags")));
        Set<String> runTags = Set.copyOf(strings(t.get("run_tags")));
        for (CompiledRule r : rs.rules()) {
            if (!disableTags.isEmpty() && r.tags().stream().anyMatch(disableTags::contains)) {
                rs.setEnabled(r.name(), false);
            }
            if (!runTags.isEmpty() && r.tags().stream().noneMatch(runTags::contains)) {
                rs.setEnabled(r.name(), false);
            }
        }
        List<Alert> alerts = ScapReplay.run(dir.resolve((String) t.get("trace_file")), rs, MatchMode.FIRST,
                Evaluate.ALL_EVENTS);
        Map<String, Integer> counts = new TreeMap<>();
        Set<Priority> levels = new TreeSet<>();
        for (Alert a : alerts) {
            counts.merge(a.rule(), 1, Integer::sum);
            levels.add(a.priority());
        }
        if (t.containsKey("detect_counts")) {
            Map<String, Integer> want = new TreeMap<>();
            for (Object o : (List<?>) t.get("detect_counts")) {
                ((Map<?, ?>) o).forEach((k, v) -> want.put(String.valueOf(k), ((Number) v).intValue()));
            }
            Map<String, Integer> got = new TreeMap<>();
            for (String rule : want.keySet()) {
                got.put(rule, counts.getOrDefault(rule, 0));
            }
            assertEquals(want, got, name + ": detect_counts");
        }
        Object detect = t.get("detect");
        if (Boolean.FALSE.equals(detect)) {
            assertEquals(Map.of(), counts, name + ": expected no detection");
        } else if (Boolean.TRUE.equals(detect)) {
            assertTrue(!alerts.isEmpty(), name + ": expected a detection");
            for (String level : strings(t.get("detect_level"))) {
                assertTrue(levels.contains(Priority.parse(level)), name + ": no alert at level " + level + " in " + levels);
            }
        }
    }
}
