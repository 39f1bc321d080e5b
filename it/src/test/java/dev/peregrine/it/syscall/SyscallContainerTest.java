package dev.peregrine.it.syscall;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.it.syscall.SyscallAgent.arg;
import static dev.peregrine.it.syscall.SyscallAgent.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link SimulatedContainer} runs {@code touch /etc/2}, {@code cat /etc/shadow}, {@code mkdir /bin/hello} and
 * {@code whoami}. Their events must carry the 12-character container id and the right process, parent, file and
 * user.
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
        try (SyscallAgent a = SyscallAgent.start(List.of("syscalls=mkdir,mkdirat"));
             SimulatedContainer c = new SimulatedContainer(List.of(Path.of("/etc/2"), Path.of("/bin/hello")))) {
            String shortId = c.shortId();
            String out = c.run("touch /etc/2; cat /etc/shadow > /dev/null; mkdir /bin/hello; whoami");
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
            assertTrue(arg(whoami, "cgroups").contains(c.scope()), arg(whoami, "cgroups"));
            assertEquals(12, s(whoami, "container.id").length());
        }
    }

    private static Map<String, Object> find(List<Map<String, Object>> recs, String comm, String type, String name) {
        return recs.stream().filter(x -> comm.equals(s(x, "proc.name")) && type.equals(s(x, "evt.type"))
                && name.equals(arg(x, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " by " + comm + " in " + recs));
    }
}
