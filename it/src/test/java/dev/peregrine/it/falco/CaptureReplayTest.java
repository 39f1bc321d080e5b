package dev.peregrine.it.falco;

import dev.peregrine.it.AgentProcess;
import dev.peregrine.it.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent replays a syscall capture through the falco filter and prints Falco's alerts: the same alert lines
 * as Falco's own regression output for the same capture and rules.
 */
class CaptureReplayTest {
    @TempDir
    Path dir;

    private List<String> run(String conf) throws Exception {
        Files.writeString(dir.resolve("replay.conf"), conf);
        try (AgentProcess p = AgentProcess.start(dir, List.of("-c", "replay.conf"), Map.of(), List.of())) {
            assertTrue(p.waitFor(60_000), "Exit_On_Eof should stop the agent");
            assertEquals(0, p.exitCode(), p.stderr());
            List<String> lines = new ArrayList<>();
            for (String l : new String(p.stdout(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
            return lines;
        }
    }

    @Test
    void catWrite_singleRule_textAlertsMatchFalcosRegressionOutput() throws Exception {
        Path reg = SharedData.dir().resolve("falco-tests/falco-0.35.1-regression");
        // Falco 0.35 evaluated enter and exit events: replay both to compare with its recorded output.
        List<String> out = run("[SERVICE]\n    Flush 0.2\n    Grace 2\n\n[INPUT]\n    Name scap\n    Tag syscall\n"
            + "    File " + reg.resolve("trace_files/cat_write.scap") + "\n    Exit_Events_Only off\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + reg.resolve("rules/single_rule.yaml")
            + "\n    Output_Format text\n    Time_Format_Iso_8601 on\n    Suggested_Output off\n\n"
            + "[OUTPUT]\n    Name file\n    Match falco\n    Path " + dir + "\n    File alerts.txt\n"
            + "    Format template\n    Template {output}\n");
        assertEquals(List.of(), out);
        List<String> got = Files.readAllLines(dir.resolve("alerts.txt"));
        List<String> want = Files.readAllLines(reg.resolve("output_files/single_rule_with_cat_write.txt"));
        assertEquals(want, got);
    }

    @Test
    void catWrite_stableRulesPlusCustom_exitEventsOnly_jsonAlertsCarryResolvedFields() throws Exception {
        Path shared = SharedData.dir();
        Path rule = dir.resolve("cat.yaml");
        Files.writeString(rule, "- rule: open_from_cat\n  desc: cat opens a file\n"
            + "  condition: evt.type in (open, openat) and proc.name=cat\n"
            + "  output: \"cat opened %fd.name (command=%proc.cmdline)\"\n  priority: WARNING\n");
        List<String> out = run("[SERVICE]\n    Flush 0.2\n    Grace 2\n\n[INPUT]\n    Name scap\n    Tag syscall\n"
            + "    File " + shared.resolve("falco-tests/falco-0.35.1-regression/trace_files/cat_write.scap") + "\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + shared.resolve(
                "falco-rules/falco_rules.yaml") + "\n    Rules_File " + rule + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match falco\n    Format json_lines\n    json_date_key false\n");
        // Falco >= 0.42 evaluates exit events only: the 4 successful opens of cat.
        assertEquals(4, out.size(), String.join("\n", out));
        assertTrue(out.get(0).contains("\"output\":\"16:17:57.881785348: Warning cat opened /etc/ld.so.cache "
            + "(command=cat /dev/null)"), out.get(0));
        assertTrue(out.get(0).contains("\"output_fields\":{\"container.id\":\"host\""), out.get(0));
        assertTrue(out.get(0).contains("\"fd.name\":\"/etc/ld.so.cache\""), out.get(0));
        assertTrue(out.get(0).contains("\"rule\":\"open_from_cat\""), out.get(0));
        assertTrue(out.get(3).contains("\"time\":\"2016-08-04T16:17:57."), out.get(3));
    }

    @Test
    void rulesTestCommand_printsAlertsAndCounts() throws Exception {
        Path reg = SharedData.dir().resolve("falco-tests/falco-0.35.1-regression");
        try (AgentProcess p = AgentProcess.start(dir, List.of("rules", "test", "-r",
            reg.resolve("rules/single_rule.yaml").toString(), "-e", reg.resolve("trace_files/cat_write.scap").toString()),
            Map.of(), List.of())) {
            assertTrue(p.waitFor(60_000));
            assertEquals(0, p.exitCode(), p.stderr());
            String out = new String(p.stdout(), StandardCharsets.UTF_8);
            assertTrue(out.startsWith("16:17:57.881785348: Warning An open was seen (command=cat /dev/null)"), out);
            assertTrue(out.contains("Events detected: 4\nEvents read: 345\n"), out);
        }
    }
}
