package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        Path bad = Path.of(System.getProperty("peregrine.home", ".."), "bpf/test_reject.bpf.o").toAbsolutePath();
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

    private static String runToExit(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
        return out;
    }
}
