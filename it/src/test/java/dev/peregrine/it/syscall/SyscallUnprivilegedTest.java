package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The syscall input without root: the agent runs as user nobody with only BPF and PERFMON (load and attach) and
 * SYS_PTRACE (read other users' /proc/PID/exe and cwd), given through capsh as ambient capabilities. It must attach,
 * report a file opened by a root process that was running before it started (so known from /proc only) with that
 * process's executable path, and hold no other capability. Without SYS_PTRACE the path reads as empty; without BPF
 * the agent refuses to start. CAP_SYS_RESOURCE, which kernels before 5.11 need for the memlock limit, is not
 * granted: this kernel charges BPF memory to the memory cgroup (and this sandbox's bounding set lacks it).
 */
class SyscallUnprivilegedTest {
    /** CAP_PERFMON (38), CAP_BPF (39), CAP_SYS_PTRACE (19). */
    private static final long CAPS = (1L << 38) | (1L << 39) | (1L << 19);

    @TempDir
    Path dir;

    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
        if (!Files.isExecutable(Path.of("/usr/sbin/capsh")) && !Files.isExecutable(Path.of("/sbin/capsh"))) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true but capsh (Debian: libcap2-bin) is missing");
            }
            Assumptions.abort("no capsh (Debian: libcap2-bin)");
        }
    }

    @Test
    void runsAsNobodyWithCapabilities_andReportsARootProcess() throws Exception {
        String marker = "peregrine-unprivileged-" + UUID.randomUUID();
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
            - rule: Marker file opened
              desc: the test's marker file was opened
              condition: evt.type in (open, openat, openat2) and fd.name contains "%s"
              output: "marker opened (user=%%user.name proc=%%proc.name exepath=%%proc.exepath file=%%fd.name)"
              priority: WARNING
            """.formatted(marker));
        Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.5\n    Grace 1\n\n"
            + "[INPUT]\n    Name syscall\n    Tag syscall\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + rules + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match falco\n    Format json_lines\n    json_date_key false\n");
        // the test's directory and files are root's: nobody must be able to read the config and the rules
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("rules.yaml", "agent.conf")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        String caps = "cap_bpf,cap_perfmon,cap_sys_ptrace";
        try (AgentProcess a = AgentProcess.start(dir, java -> {
            List<String> cmd = new ArrayList<>(List.of("capsh",
                "--caps=" + caps + "+eip cap_setpcap,cap_setuid,cap_setgid+ep", "--keep=1", "--user=nobody",
                "--addamb=" + caps, "--shell=" + java.get(0), "--"));
            cmd.addAll(java.subList(1, java.size()));
            return cmd;
        }, List.of("-c", "agent.conf"), Map.of(), List.of())) {
            SyscallAgent.awaitAttach(a);
            String status = Files.readString(Path.of("/proc/" + a.process().pid() + "/status"));
            assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534"), status);
            assertEquals(CAPS, capLine(status, "CapEff"), status);
            assertEquals(CAPS, capLine(status, "CapPrm"), status);

            Path file = dir.resolve(marker);
            Files.writeString(file, "x"); // opened by this JVM, a root process

            String alert = SyscallAgent.awaitLine(a, "marker opened (user=");
            assertTrue(alert != null, "no alert for the marker file:\n" + new String(a.stdout(),
                StandardCharsets.UTF_8) + "\n--- stderr ---\n" + a.stderr());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
            assertTrue(alert.contains("marker opened (user=root proc=java exepath=" + java + " file=" + file + ")"),
                alert);
        }
    }

    private static long capLine(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseUnsignedLong(line.substring(name.length() + 1).trim(), 16);
            }
        }
        throw new AssertionError(name + " missing in\n" + status);
    }
}
