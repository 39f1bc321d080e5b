package dev.peregrine.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fluent Bit's command-line flags on the real agent process, so scripts and Helm charts keep working. */
class AgentCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(long stopAfterMillis, String... args) throws Exception {
        try (AgentProcess p = AgentProcess.start(dir, List.of(args), Map.of(), List.of())) {
            if (stopAfterMillis > 0) {
                if (!p.waitFor(stopAfterMillis)) {
                    p.terminate();
                }
            }
            assertTrue(p.waitFor(30_000), "agent did not exit");
            return new Run(p.exitCode(), new String(p.stdout(), StandardCharsets.UTF_8), p.stderr());
        }
    }

    /** Runs until stdout holds {@code lines} lines, then SIGTERM. */
    Run runUntilLines(int lines, String... args) throws Exception {
        try (AgentProcess p = AgentProcess.start(dir, List.of(args), Map.of(), List.of())) {
            long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end && p.process().isAlive()
                && new String(p.stdout(), StandardCharsets.UTF_8).split("\n", -1).length <= lines) {
                Thread.sleep(50);
            }
            p.terminate();
            assertTrue(p.waitFor(30_000), "agent did not exit");
            return new Run(p.exitCode(), new String(p.stdout(), StandardCharsets.UTF_8), p.stderr());
        }
    }

    @Test
    void version_printsVersionAndExitsZero() throws Exception {
        Run r = run(0, "-V");
        assertEquals(0, r.exit);
        assertTrue(r.out.startsWith("Peregrine v"), r.out);
        assertTrue(r.out.contains("Fluent Bit v5.1.1"), r.out);
    }

    @Test
    void help_listsPluginsOfEachKind() throws Exception {
        Run r = run(0, "-h");
        assertEquals(0, r.exit);
        for (String p : List.of("dummy", "grep", "modify", "stdout", "null", "file", "--dry-run")) {
            assertTrue(r.out.contains(p), "help should list " + p + ":\n" + r.out);
        }
    }

    @Test
    void pluginHelp_showsOptionsFromTheTable() throws Exception {
        Run r = run(0, "-i", "dummy", "-h");
        assertEquals(0, r.exit);
        assertTrue(r.out.contains("samples"), r.out);
        assertTrue(r.out.contains("default: {\"message\":\"dummy\"}"), r.out);
        Run f = run(0, "-F", "grep", "-h");
        assertTrue(f.out.contains("regex") && f.out.contains("logical_op"), f.out);
    }

    @Test
    void flags_buildAPipelineWithoutAConfigFile() throws Exception {
        Run r = runUntilLines(2, "-i", "dummy", "-t", "cli.test", "-p", "dummy={\"k\":\"v\"}", "-p", "rate=20",
            "-F", "record_modifier", "-m", "cli.*", "-p", "record=added yes",
            "-o", "stdout", "-m", "*", "-p", "format=json_lines", "-p", "json_date_key=false", "-f", "0.1", "-q");
        assertEquals(0, r.exit, r.err);
        String first = r.out.split("\n")[0];
        assertEquals("{\"k\":\"v\",\"added\":\"yes\"}", first);
        assertEquals("", r.err, "-q without Log_Level prints no log lines");
    }

    @Test
    void dryRun_validConfig_succeeds_invalid_reportsEveryErrorWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("ok.conf"), "[INPUT]\n    Name dummy\n\n[OUTPUT]\n    Name null\n"
            + "    Match *\n");
        Run ok = run(0, "-c", "ok.conf", "--dry-run");
        assertEquals(0, ok.exit, ok.err);
        assertTrue(ok.err.contains("configuration test is successful"), ok.err);

        Files.writeString(dir.resolve("bad.conf"), "[INPUT]\n    Name dummy\n    Rate fast\n    Bogus 1\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json\n    Format json_lines\n");
        Run bad = run(0, "-c", "bad.conf", "--dry-run");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.contains("bad.conf:3: dummy: invalid value 'fast' for property 'rate'"), bad.err);
        assertTrue(bad.err.contains("bad.conf:4: dummy: unknown configuration property 'bogus'"), bad.err);
        assertTrue(bad.err.contains("bad.conf:10: stdout: configuration property 'format' is set 2 times"),
            bad.err);
    }

    @Test
    void start_pluginRejectsOptions_exits255WithHelpLine() throws Exception {
        Files.writeString(dir.resolve("bad.conf"), "[INPUT]\n    Name dummy\n    Bogus 1\n\n[OUTPUT]\n"
            + "    Name null\n    Match *\n");
        Run r = run(0, "-c", "bad.conf");
        assertEquals(255, r.exit, r.err);
        assertTrue(r.err.contains("try the command: peregrine -i dummy -h"), r.err);
    }

    @Test
    void parsersFlag_loadsParsersForTheParserFilter() throws Exception {
        Files.writeString(dir.resolve("p.conf"), "[PARSER]\n    Name kv\n    Format regex\n"
            + "    Regex ^(?<key>[a-z]+)=(?<value>.*)$\n");
        Run r = runUntilLines(1, "-R", "p.conf", "-i", "dummy", "-p", "dummy={\"log\":\"color=blue\"}",
            "-F", "parser", "-m", "*", "-p", "key_name=log", "-p", "parser=kv",
            "-o", "stdout", "-m", "*", "-p", "format=json_lines", "-p", "json_date_key=false", "-f", "0.2");
        assertEquals("{\"key\":\"color\",\"value\":\"blue\"}", r.out.split("\n")[0], r.err);
    }

    @Test
    void logFileFlag_writesTheAgentLogThere() throws Exception {
        Path log = dir.resolve("agent.log");
        run(1500, "-i", "dummy", "-o", "null", "-m", "*", "-l", log.toString());
        String text = Files.readString(log);
        assertTrue(text.contains("[ info] [engine] caught signal (SIGTERM)"), text);
        assertTrue(text.matches("(?s)^\\[\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\] \\[ info\\] .*"), text);
    }

    @Test
    void verbose_enablesDebugLines() throws Exception {
        try (AgentProcess p = AgentProcess.start(dir, List.of("-v", "-i", "dummy", "-p", "rate=20", "-o", "null",
            "-m", "*", "-f", "0.2"), Map.of(), List.of())) {
            long end = System.currentTimeMillis() + 20_000;
            while (!p.stderr().contains("[debug]") && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            p.terminate();
            assertTrue(p.waitFor(30_000));
            assertEquals(0, p.exitCode());
            assertTrue(p.stderr().contains("[debug] [task] created task_id="), p.stderr());
        }
    }

    @Test
    void unknownFlag_exitsOneAndSaysWhich() throws Exception {
        Run r = run(0, "--bogus");
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("unknown option '--bogus'"), r.err);
    }

    @Test
    void sigterm_flushesAndExitsZero() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "[SERVICE]\n    Flush 30\n    Grace 2\n\n[INPUT]\n    Name dummy\n"
            + "    Samples 3\n    Rate 50\n\n[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n");
        Run r = run(2000, "-c", "a.conf");
        assertEquals(0, r.exit, r.err);
        List<String> lines = new ArrayList<>(List.of(r.out.split("\n")));
        lines.removeIf(String::isEmpty);
        assertEquals(3, lines.size(), "records buffered for the 30 s flush are delivered at SIGTERM:\n" + r.out);
        assertFalse(r.err.contains("not delivered"), r.err);
    }
}
