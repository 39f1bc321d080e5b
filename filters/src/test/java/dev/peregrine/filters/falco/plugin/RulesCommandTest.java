package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.pipeline.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run rules(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RulesCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path regressionRules(String name) {
        return SharedData.root().resolve("falco-tests/falco-0.35.1-regression/rules").resolve(name);
    }

    @Test
    void validate_validFile_printsOk_exit0() {
        Path f = regressionRules("single_rule.yaml");
        Run r = rules("validate", f.toString());
        assertEquals(0, r.code());
        assertEquals(f + ": Ok\n", r.out());
    }

    @Test
    void validate_invalidFile_printsInvalidAndErrorWithLineColumn_exit1() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                - rule: Broken
                  desc: d
                  condition: evt.type = open and proc.nme = cat
                  output: x
                  priority: WARNING
                """);
        Run r = rules("validate", f.toString());
        assertEquals(1, r.code());
        String[] lines = r.out().split("\n");
        assertEquals(f + ": Invalid", lines[0]);
        assertEquals("1 Errors:", lines[1]);
        assertTrue(lines[2].startsWith(f + ":3:"), lines[2]);
        assertTrue(lines[2].contains("rule 'Broken': ") && lines[2].contains("proc.nme"), lines[2]);
    }

    @Test
    void validate_fileWithWarnings_isOkWithWarnings_warningsOnStderr() {
        Path f = regressionRules("falco_rules_warnings.yaml");
        Run r = rules("validate", f.toString());
        assertEquals(0, r.code());
        assertEquals(f + ": Ok, with warnings\n", r.out());
        assertTrue(r.err().contains("rule 'no_evttype': Rule matches too many evt.type values. This has a "
                + "significant performance penalty."), r.err());
    }

    @Test
    void validate_notYaml_reportsFalcosMessage() {
        Run r = rules("validate", regressionRules("invalid_not_yaml.yaml").toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("Rules content is not yaml"), r.out());
    }

    @Test
    void list_printsRulesInEvaluationOrderWithPriorityAndTags() throws IOException {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, """
                - rule: B rule
                  desc: d
                  condition: evt.type = open
                  output: x
                  priority: ERROR
                  tags: [filesystem, T1000]
                - rule: A rule
                  desc: d
                  condition: evt.type = open
                  output: x
                  priority: INFO
                  enabled: false
                """);
        Run r = rules("list", f.toString());
        assertEquals(0, r.code());
        assertEquals("""
                RULE    PRIORITY       ENABLED  SOURCE   TAGS
                B rule  Error          yes      syscall  T1000,filesystem
                A rule  Informational  no       syscall \s
                2 rules, 1 enabled
                """, r.out());
    }

    @Test
    void unknownCommandOrMissingFiles_exit1() {
        assertEquals(1, rules("frobnicate").code());
        assertEquals(1, rules("validate").code());
        assertEquals(1, rules("list", dir.resolve("nope.yaml").toString()).code());
    }

    @Test
    void peregrineMain_dispatchesRulesSubcommand() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(new String[] {"rules", "validate", regressionRules("single_rule.yaml").toString()});
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith(": Ok\n"));
    }
}
