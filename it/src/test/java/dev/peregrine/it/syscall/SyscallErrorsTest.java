package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees when the syscall input cannot run, and when it loses events. */
class SyscallErrorsTest {
    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void withoutCapabilitiesTheAgentSaysWhatItNeeds() throws Exception {
        // root without any capability (empty bounding set): what a container without CAP_BPF looks like
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                AgentProcess.jar().toString(), "-i", "syscall", "-o", "null", "-m", "*"));
        String err = runToExit(cmd);
        assertTrue(err.contains("needs root, or CAP_BPF and CAP_PERFMON"), err);
    }

    @Test
    void verifierRejectionShowsTheEndOfTheVerifierLog() throws Exception {
        Path bad = Path.of(System.getProperty("peregrine.bpf.dir", System.getProperty("peregrine.home", "..") + "/bpf"),
            "test_reject.bpf.o").toAbsolutePath();
        assertTrue(Files.exists(bad), bad.toString());
        try (AgentProcess a = AgentProcess.start(Path.of("."), List.of("-i", "syscall", "-p", "bpf_object=" + bad,
                "-o", "null", "-m", "*"), Map.of(), List.of())) {
            assertTrue(a.waitFor(60_000), "agent still running");
            String err = a.stderr();
            assertNotEquals(0, a.exitCode());
            assertTrue(err.contains("loading the BPF programs failed"), err);
            assertTrue(err.contains("verifier log"), err);
            assertTrue(err.contains("invalid mem access 'map_value_or_null'"), err);
        }
    }

    @Test
    void aFullRingBufferIsCountedAndReported() throws Exception {
        try (SyscallAgent a = SyscallAgent.start(List.of("buffer_size=4K", "drop_alert_threshold=0"))) {
            long end = System.currentTimeMillis() + 20_000;
            Path f = Path.of("/etc/hostname");
            while (!a.agent.stderr().contains("syscall event drop") && System.currentTimeMillis() < end) {
                for (int i = 0; i < 20_000; i++) {
                    Files.readAllBytes(f); // openat + close
                }
            }
            String err = a.agent.stderr();
            assertTrue(err.contains("syscall event drop") && err.contains("ring buffer full"), err);
        }
    }

    @Test
    void lostEventsRaiseFalcosInternalDropAlert(@TempDir Path dir) throws Exception {
        // The falco filter on the route turns the input's drop report into Falco's internal alert, priority Debug,
        // with Falco's output fields; the rule file itself does not matter.
        Files.writeString(dir.resolve("rules.yaml"), """
            - rule: Never
              desc: matches nothing this test does
              condition: evt.type = openat and proc.name = no-such-process-name
              output: never
              priority: WARNING
            """);
        String conf = "[SERVICE]\n    Flush 0.5\n    Grace 1\n\n"
            + "[INPUT]\n    Name syscall\n    Tag syscall\n    Buffer_Size 4K\n    Drop_Alert_Threshold 0\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + dir.resolve("rules.yaml") + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n";
        try (SyscallAgent a = SyscallAgent.withConfig(dir, conf)) {
            String marker = "Falco internal: syscall event drop";
            long end = System.currentTimeMillis() + 30_000;
            Path f = Path.of("/etc/hostname");
            while (a.records(marker).isEmpty() && System.currentTimeMillis() < end) {
                for (int i = 0; i < 20_000; i++) {
                    Files.readAllBytes(f); // openat + close: more than a 4K ring holds between drains
                }
            }
            List<Map<String, Object>> alerts = a.await(marker, l -> !l.isEmpty());
            assertTrue(!alerts.isEmpty(), "no drop alert:\n" + a.agent.stderr());
            Map<String, Object> alert = alerts.get(0);
            assertEquals(marker, alert.get("rule"));
            assertEquals("Debug", alert.get("priority"));
            assertEquals("internal", alert.get("source"));
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) alert.get("output_fields");
            assertTrue(Long.parseLong(String.valueOf(fields.get("n_drops"))) > 0, fields.toString());
            assertEquals(fields.get("n_drops"), fields.get("n_drops_buffer_total"), fields.toString());
            assertEquals("1", String.valueOf(fields.get("ebpf_enabled")), fields.toString());
            assertTrue(String.valueOf(alert.get("output")).startsWith(marker + ". "), alert.toString());
        }
    }

    private static String runToExit(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
        return out;
    }
}
