package dev.peregrine.it.syscall;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.it.syscall.SyscallAgent.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel-side selection driven by the rules: the agent runs {@code syscall -> falco (Keep_Events) -> stdout}, so
 * the output shows every event the kernel emitted. A marker program (a copy of mkdir with its own name) opens its
 * libraries and creates a directory. With rules that need only openat, its openat events and its procexit (state)
 * come out but no mkdir event; with a rule on mkdir too, the mkdir event comes out (the control).
 */
class SyscallSelectionTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void rulesNeedingOnlyOpenat_mkdirIsNotEmitted() throws Exception {
        List<Map<String, Object>> recs = runMarker(false);
        assertTrue(recs.stream().anyMatch(r -> "openat".equals(s(r, "evt.type"))), "openat events: " + recs);
        assertTrue(recs.stream().noneMatch(r -> s(r, "evt.type").startsWith("mkdir")), "mkdir emitted: " + recs);
    }

    @Test
    void rulesNeedingMkdir_mkdirIsEmitted() throws Exception {
        List<Map<String, Object>> recs = runMarker(true);
        assertEquals(1, recs.stream().filter(r -> s(r, "evt.type").startsWith("mkdir")).count(), "mkdir: " + recs);
    }

    /** The marker's events (not alerts), once its procexit is out: every earlier event of it is out too. */
    private List<Map<String, Object>> runMarker(boolean ruleOnMkdir) throws Exception {
        String marker = "pgsel" + ProcessHandle.current().pid() % 100000 + (ruleOnMkdir ? "m" : "o");
        Path exe = dir.resolve(marker);
        Files.copy(Path.of("/bin/mkdir"), exe, StandardCopyOption.COPY_ATTRIBUTES);
        String rules = """
            - rule: Marker opens
              desc: the marker opens a file
              condition: evt.type = openat and proc.name = %1$s
              output: "marker open %%fd.name"
              priority: WARNING
            """.formatted(marker);
        if (ruleOnMkdir) {
            rules += """
                - rule: Marker mkdir
                  desc: the marker creates a directory
                  condition: evt.type in (mkdir, mkdirat) and proc.name = %1$s
                  output: "marker mkdir %%evt.arg.path"
                  priority: WARNING
                """.formatted(marker);
        }
        Files.writeString(dir.resolve("rules.yaml"), rules);
        String conf = "[SERVICE]\n    Flush 0.5\n    Grace 1\n\n"
            + "[INPUT]\n    Name syscall\n    Tag syscall\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n    Keep_Events on\n    Rules_File "
            + dir.resolve("rules.yaml") + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n";
        try (SyscallAgent a = SyscallAgent.withConfig(dir, conf)) {
            Process p = new ProcessBuilder(exe.toString(), dir.resolve("made").toString()).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(Files.isDirectory(dir.resolve("made")));
            List<Map<String, Object>> recs = a.await(marker, l -> l.stream().anyMatch(
                    r -> "procexit".equals(s(r, "evt.type")) && marker.equals(s(r, "proc.name"))));
            recs.removeIf(r -> !marker.equals(s(r, "proc.name")) || s(r, "evt.type") == null);
            assertTrue(recs.stream().anyMatch(r -> "procexit".equals(s(r, "evt.type"))),
                    "no procexit of the marker:\n" + recs + "\n" + a.agent.stderr());
            return recs;
        }
    }
}
