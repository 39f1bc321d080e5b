package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.extract.ScapReplay.Alert;
import dev.peregrine.filters.falco.extract.ScapReplay.Evaluate;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.Priority;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Falco 0.35.1 regression cases ({@code falco_tests.yaml}) replayed over their captures with the shipped rule
 * files. Those expectations were written for Falco 0.35, which evaluated enter and exit events, so they run
 * with {@link Evaluate#ALL_EVENTS}; the exit-only counts of Falco 0.42+ are asserted alongside.
 */
class ScapReplayRegressionTest {
    private static final String BASE = "falco-tests/falco-0.35.1-regression/";

    private static RuleSet rules(String... files) throws IOException {
        RuleLoader loader = new RuleLoader();
        for (String f : files) {
            Path p = SharedData.require(BASE + f);
            loader.load(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
        return loader.compile();
    }

    private static Map<String, Integer> counts(List<Alert> alerts) {
        Map<String, Integer> m = new TreeMap<>();
        for (Alert a : alerts) {
            m.merge(a.rule(), 1, Integer::sum);
        }
        return m;
    }

    private static Path trace(String name) {
        return SharedData.require(BASE + "trace_files/" + name);
    }

    @Test
    void singleAndDoubleRule_withPriorityWarning_countsAsFalco035() throws IOException {
        // multiple_rules_suppress_info: priority WARNING drops access_from_cat (INFO)
        RuleSet rs = rules("rules/single_rule.yaml", "rules/double_rule.yaml");
        rs.applyPriorityThreshold(Priority.WARNING);
        List<Alert> alerts = ScapReplay.run(trace("cat_write.scap"), rs, MatchMode.FIRST, Evaluate.ALL_EVENTS);
        assertEquals(Map.of("exec_from_cat", 1, "open_from_cat", 8), counts(alerts));
        for (Alert a : alerts) {
            assertEquals(a.rule().equals("exec_from_cat") ? Priority.ERROR : Priority.WARNING, a.priority());
        }
        // Falco 0.42+: exit events only, so each open counts once
        assertEquals(Map.of("exec_from_cat", 1, "open_from_cat", 4),
                counts(ScapReplay.run(trace("cat_write.scap"), rs, MatchMode.FIRST, Evaluate.EXIT_ONLY)));
    }

    @Test
    void ruleNamesWithRegexChars_detect8() throws IOException {
        RuleSet rs = rules("rules/rule_names_with_regex_chars.yaml");
        assertEquals(Map.of("Open From Cat ($\\.*+?()[]{}|^)", 8),
                counts(ScapReplay.run(trace("cat_write.scap"), rs, MatchMode.FIRST, Evaluate.ALL_EVENTS)));
    }

    @Test
    void syscalls_madviseAndOpenExits() throws IOException {
        RuleSet rs = rules("rules/syscalls.yaml");
        Map<String, Integer> want = Map.of("detect_madvise", 2, "detect_open", 2);
        assertEquals(want, counts(ScapReplay.run(trace("syscall.scap"), rs, MatchMode.FIRST, Evaluate.ALL_EVENTS)));
        assertEquals(want, counts(ScapReplay.run(trace("syscall.scap"), rs, MatchMode.FIRST, Evaluate.EXIT_ONLY)));
    }

    @Test
    void catchallOrder_firstMatchWins() throws IOException {
        RuleSet rs = rules("rules/catchall_order.yaml");
        assertEquals(Map.of("open_dev_null", 1, "dev_null", 6),
                counts(ScapReplay.run(trace("cat_write.scap"), rs, MatchMode.FIRST, Evaluate.ALL_EVENTS)));
    }

    @Test
    void taggedRules_disableAndRunTags() throws IOException {
        // disabled_tags_a, run_tags_ab and run_tags_d of falco_tests.yaml
        check(Set.of("a"), null, "open_2 open_3 open_6 open_11 open_12 open_13");
        check(null, Set.of("a", "b"), "open_1 open_2 open_4 open_5 open_6 open_7 open_8 open_9 open_10");
        check(null, Set.of("d"), "open_11");
        check(Set.of("a", "b", "c"), null, "open_11 open_12 open_13");
    }

    private void check(Set<String> disableTags, Set<String> runTags, String expected) throws IOException {
        RuleSet rs = rules("rules/tagged_rules.yaml");
        for (CompiledRule r : rs.rules()) {
            boolean on = true;
            if (disableTags != null) {
                on = r.tags().stream().noneMatch(disableTags::contains);
            }
            if (runTags != null) {
                on = r.tags().stream().anyMatch(runTags::contains);
            }
            rs.setEnabled(r.name(), on);
        }
        Map<String, Integer> got = counts(ScapReplay.run(trace("open-multiple-files.scap"), rs, MatchMode.FIRST,
                Evaluate.ALL_EVENTS));
        Map<String, Integer> want = new TreeMap<>();
        for (String r : expected.split(" ")) {
            want.put(r, 1);
        }
        assertEquals(want, got, "disable " + disableTags + " run " + runTags);
    }

    @Test
    void emptyCapture_noAlerts() throws IOException {
        RuleSet rs = rules("rules/single_rule.yaml");
        assertTrue(ScapReplay.run(trace("empty.scap"), rs, MatchMode.FIRST, Evaluate.ALL_EVENTS).isEmpty());
    }
}
