package dev.peregrine.it.syscall;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.it.syscall.SyscallAgent.arg;
import static dev.peregrine.it.syscall.SyscallAgent.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated containerd container: a shell moves itself into cgroups named like containerd's
 * ({@code cri-containerd-<64 hex>.scope}) and runs, in a new mount and PID namespace, {@code touch /etc/2},
 * {@code cat /etc/shadow}, {@code mkdir /bin/hello} and {@code whoami}. Their events must carry the 12-character
 * container id and the right process, parent, file and user.
 *
 * <p>This host mixes cgroup v1 and v2 and every process's v2 cgroup is the root, so the container cgroups are v1:
 * pids (as the brief names it) and memory. The memory one matters: this sandbox's own memory cgroup
 * ({@code /process_api/<32 hex>}) looks like a containerd-namespace container and memory comes before pids in the
 * cgroups parameter, so it is nested under the current memory cgroup (which also keeps the sandbox's limit).
 */
class SyscallContainerTest {
    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void eventsOfAContainerCarryItsIdAndProcessFields() throws Exception {
        byte[] r = new byte[32];
        new SecureRandom().nextBytes(r);
        String id = HexFormat.of().formatHex(r);
        String shortId = id.substring(0, 12);
        String scope = "cri-containerd-" + id + ".scope";
        Path pidsParent = Path.of("/sys/fs/cgroup/pids/peregrine-it");
        Path pids = pidsParent.resolve(scope);
        Path mem = Path.of("/sys/fs/cgroup/memory" + currentCgroup("memory")).resolve(scope);
        assertFalse(Files.exists(Path.of("/etc/2")), "/etc/2 exists before the test: not ours to remove");
        assertFalse(Files.exists(Path.of("/bin/hello")), "/bin/hello exists before the test: not ours to remove");
        try (SyscallAgent a = SyscallAgent.start(List.of("syscalls=mkdir,mkdirat"))) {
            Files.createDirectories(pids);
            Files.createDirectories(mem);
            String inner = "touch /etc/2; cat /etc/shadow > /dev/null; mkdir /bin/hello; whoami";
            String outer = "echo $$ > " + pids + "/cgroup.procs && echo $$ > " + mem + "/cgroup.procs && "
                    + "exec unshare --mount --pid --fork --mount-proc sh -c '" + inner + "'";
            Process p = new ProcessBuilder("sh", "-c", outer).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertEquals("root", out.strip());

            List<Map<String, Object>> recs = a.await(shortId, l -> l.stream()
                    .anyMatch(x -> "whoami".equals(s(x, "proc.name")) && "execve".equals(s(x, "evt.type"))));
            recs.removeIf(x -> !shortId.equals(s(x, "container.id")));

            Map<String, Object> touch = find(recs, "touch", "openat", "/etc/2");
            assertEquals("/etc/2", s(touch, "fd.name"));
            assertEquals("sh", s(touch, "proc.pname"));
            assertEquals("touch /etc/2", s(touch, "proc.cmdline"));
            assertTrue(arg(touch, "flags").contains("O_CREAT"), arg(touch, "flags"));

            Map<String, Object> cat = find(recs, "cat", "openat", "/etc/shadow");
            assertEquals("/etc/shadow", s(cat, "fd.name"));
            assertEquals("cat /etc/shadow", s(cat, "proc.cmdline"));
            assertEquals("sh", s(cat, "proc.pname"));
            assertEquals("root", s(cat, "user.name"));

            Map<String, Object> mkdir = recs.stream().filter(x -> "mkdir".equals(s(x, "proc.name"))
                    && s(x, "evt.type").startsWith("mkdir") && "/bin/hello".equals(
                            arg(x, "path"))).findFirst().orElseThrow(() -> new AssertionError("no mkdir: " + recs));
            assertEquals("0", arg(mkdir, "res"));
            assertEquals("mkdir /bin/hello", s(mkdir, "proc.cmdline"));

            Map<String, Object> whoami = recs.stream().filter(x -> "whoami".equals(s(x, "proc.name"))
                    && "execve".equals(s(x, "evt.type"))).findFirst().orElseThrow();
            assertEquals("root", s(whoami, "user.name"));
            assertEquals("whoami", s(whoami, "proc.cmdline"));
            assertEquals("sh", s(whoami, "proc.pname"));
            // in the new PID namespace the shell is pid 1, so whoami has a small virtual pid
            assertTrue(arg(whoami, "cgroups").contains(scope), arg(whoami, "cgroups"));
            assertEquals(12, s(whoami, "container.id").length());
        } finally {
            Files.deleteIfExists(Path.of("/etc/2"));
            if (Files.isDirectory(Path.of("/bin/hello"))) {
                Files.delete(Path.of("/bin/hello"));
            }
            rmdirWhenEmpty(pids);
            rmdirWhenEmpty(mem);
            rmdirWhenEmpty(pidsParent);
        }
    }

    private static Map<String, Object> find(List<Map<String, Object>> recs, String comm, String type, String name) {
        return recs.stream().filter(x -> comm.equals(s(x, "proc.name")) && type.equals(s(x, "evt.type"))
                && name.equals(arg(x, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " by " + comm + " in " + recs));
    }

    private static String currentCgroup(String controller) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
                return f[2].equals("/") ? "" : f[2];
            }
        }
        throw new AssertionError("no " + controller + " cgroup in /proc/self/cgroup");
    }

    /** A cgroup can be removed once its processes are gone, which is a moment after they exit. */
    private static void rmdirWhenEmpty(Path cg) throws Exception {
        for (int i = 0; i < 50 && Files.exists(cg); i++) {
            try {
                Files.delete(cg);
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        assertNotNull(cg);
    }
}
