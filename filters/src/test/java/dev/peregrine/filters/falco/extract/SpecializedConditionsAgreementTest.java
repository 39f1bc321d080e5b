package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.scap.ScapReader;
import dev.peregrine.syscalls.state.StateTracker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant of the rule index: the condition a candidate carries (specialised for the event type) answers
 * exactly as the rule's general condition on every event of the six regression captures, for every rule of
 * Falco's stable + incubating + sandbox files, the 0.32.2 rules (written for those captures) and two regression
 * rule files, enabled or not.
 */
class SpecializedConditionsAgreementTest {
    private static final String BASE = "falco-tests/falco-0.35.1-regression/";
    private static final List<String> CAPTURES = List.of("cat_write.scap", "connect_localhost.scap", "empty.scap",
            "open-multiple-files.scap", "ping_sendto.scap", "syscall.scap");

    private static RuleSet load(Path dir, List<String> files) throws IOException {
        RuleLoader loader = new RuleLoader();
        for (String f : files) {
            loader.load(f, Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
        }
        RuleSet rs = loader.compile();
        assertTrue(rs != null, () -> "rules did not load: " + loader.result());
        for (CompiledRule r : rs.rules()) {
            rs.setEnabled(r.name(), true);
        }
        return rs;
    }

    @Test
    void specialisedCandidates_agreeWithGeneralConditions_onEveryCaptureEvent() throws IOException {
        Path rulesDir = SharedData.require("falco-rules");
        Path regressionRules = SharedData.require(BASE + "rules");
        List<RuleSet> sets = List.of(
                load(rulesDir, List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")),
                load(rulesDir, List.of("legacy-falco-0.32.2/falco_rules.yaml")),
                load(regressionRules, List.of("single_rule.yaml", "double_rule.yaml")));
        long compared = 0;
        long matched = 0;
        for (String capture : CAPTURES) {
            try (ScapReader reader = ScapReader.open(SharedData.require(BASE + "trace_files/" + capture))) {
                StateTracker tracker = reader.newStateTracker();
                SyscallFieldSource source = new SyscallFieldSource();
                SyscallEvent ev = new SyscallEvent();
                while (reader.next(ev)) {
                    source.set(tracker.apply(ev));
                    int index = EventTypeNames.indexOf(ev.name());
                    for (RuleSet rs : sets) {
                        for (CompiledRule c : rs.candidates(index)) {
                            boolean general = rs.rule(c.name()).filter().matches(source);
                            assertEquals(general, c.filter().matches(source),
                                    () -> capture + " event " + ev.num() + " (" + ev.name() + "): " + c.name());
                            compared++;
                            matched += general ? 1 : 0;
                        }
                    }
                }
            }
        }
        // the comparison is not vacuous: many candidates ran, and some of them matched
        assertTrue(compared > 1_000, "compared " + compared);
        assertTrue(matched > 0, "matched " + matched);
    }
}
