package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the 103 rules documents of Falco's test_rule_loader.cpp (rule-loader-cases/index.json). */
class RuleLoaderVectorTest {

    @TestFactory
    Stream<DynamicTest> ruleLoaderCases_behaveLikeFalco() {
        Path dir = SharedData.vectors().resolve("rule-loader-cases");
        Map<String, Object> index = Json.readObject(dir.resolve("index.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(index.get("cases"))) {
            List<String> files = Json.strings(c.get("files"));
            tests.add(DynamicTest.dynamicTest(String.join(",", files), () -> check(dir, c, files)));
        }
        return tests.stream();
    }

    private static void check(Path dir, Map<String, Object> c, List<String> files) throws IOException {
        RuleLoader loader = new RuleLoader();
        String loadName = (String) c.getOrDefault("load_filename", "rules.yaml");
        for (String f : files) {
            loader.load(loadName, Files.readString(dir.resolve(f)));
        }
        RuleSet rs = loader.compile();
        LoadResult res = loader.result();
        String dump = res.toString();
        assertEquals(c.get("load_succeeds"), res.successful(), dump);
        for (String s : strings(c.get("errors_contain"))) {
            assertTrue(res.errors().stream().anyMatch(e -> e.message().contains(s)), () -> s + "\n" + dump);
        }
        for (String s : strings(c.get("warnings_contain"))) {
            assertTrue(res.warnings().stream().anyMatch(e -> e.message().contains(s)), () -> s + "\n" + dump);
        }
        for (String s : strings(c.get("warnings_absent"))) {
            assertFalse(res.warnings().stream().anyMatch(e -> e.message().contains(s)), () -> s + "\n" + dump);
        }
        if (c.get("has_warnings") != null) {
            assertEquals(c.get("has_warnings"), !res.warnings().isEmpty(), dump);
        }
        if (!res.successful()) {
            return;
        }
        assertNotNull(rs);
        if (c.get("enabled_rules") != null) {
            assertEquals(((Long) c.get("enabled_rules")).intValue(), rs.enabledCount(), dump);
        }
        if (c.get("compiled_conditions") != null) {
            for (Map.Entry<String, Object> e : Json.object(c.get("compiled_conditions")).entrySet()) {
                assertEquals(e.getValue(), rs.rule(e.getKey()).compiledCondition(), dump);
            }
        }
        if (c.get("rule_info") != null) {
            for (Map.Entry<String, Object> e : Json.object(c.get("rule_info")).entrySet()) {
                CompiledRule r = rs.rule(e.getKey());
                for (Map.Entry<String, Object> kv : Json.object(e.getValue()).entrySet()) {
                    Object actual;
                    switch (kv.getKey()) {
                        case "condition":
                            actual = null;
                            break;
                        case "output":
                            actual = r.output();
                            break;
                        case "description":
                            actual = r.description();
                            break;
                        case "priority":
                            actual = r.priority().display();
                            break;
                        case "capture":
                            actual = r.capture();
                            break;
                        case "capture_duration":
                            actual = r.captureDuration();
                            break;
                        default:
                            throw new AssertionError("unknown key " + kv.getKey());
                    }
                    if (actual != null) {
                        assertEquals(kv.getValue(), actual, kv.getKey());
                    }
                }
            }
        }
    }

    private static List<String> strings(Object o) {
        return o == null ? List.of() : Json.strings(o);
    }
}
