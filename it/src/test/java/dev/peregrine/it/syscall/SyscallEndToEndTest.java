package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.it.syscall.SyscallAgent.arg;
import static dev.peregrine.it.syscall.SyscallAgent.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent with {@code syscall -> stdout}: a marker program (a copy of cat with its own name, so its
 * comm is unique) opens a file by a relative path; its execve and openat events come out with the right pid,
 * comm, cwd, paths and fd. Then kill -9 leaves nothing attached.
 */
class SyscallEndToEndTest {
    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void markerProcessEventsCarryPathsPidCommAndCwd(@TempDir Path dir) throws Exception {
        String marker = "pgmark" + ProcessHandle.current().pid() % 100000;
        Path exe = dir.resolve(marker);
        Files.copy(Path.of("/bin/cat"), exe, StandardCopyOption.COPY_ATTRIBUTES);
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("hello.txt"), "hi\n");
        try (SyscallAgent a = SyscallAgent.start(List.of())) {
            Process p = new ProcessBuilder(exe.toString(), "hello.txt", "missing.txt").directory(work.toFile()).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            long pid = p.pid();
            List<Map<String, Object>> recs = a.await(marker, r -> r.stream().anyMatch(x -> "hello.txt".equals(arg(x, "name"))));
            recs.removeIf(x -> !marker.equals(s(x, "proc.name")));
            Map<String, Object> exec = find(recs, "execve").orElseThrow(() -> new AssertionError("no execve: " + recs));
            assertEquals("0", arg(exec, "res"));
            assertEquals(exe.toString(), arg(exec, "filename"));
            assertEquals(exe.toString(), arg(exec, "exe"));
            assertEquals("hello.txt.missing.txt.", arg(exec, "args")); // NUL-separated, rendered as '.' like sysdig
            assertEquals(exe.toRealPath().toString(), arg(exec, "trusted_exepath"));
            assertEquals(String.valueOf(pid), s(exec, "proc.pid"));
            assertEquals(String.valueOf(pid), arg(exec, "pid"));
            assertEquals(marker, s(exec, "proc.name"));
            assertEquals(marker, arg(exec, "comm"));
            assertEquals(work.toRealPath() + "/", s(exec, "proc.cwd"));
            assertEquals(exe.toRealPath().toString(), s(exec, "proc.exepath"));
            assertEquals(marker + " hello.txt missing.txt", s(exec, "proc.cmdline"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), s(exec, "proc.ppid"));

            Map<String, Object> open = recs.stream().filter(x -> "openat".equals(s(x, "evt.type"))
                    && "hello.txt".equals(arg(x, "name"))).findFirst().orElseThrow();
            assertEquals(String.valueOf(pid), s(open, "proc.pid"));
            assertEquals(marker, s(open, "proc.name"));
            assertEquals("-100", arg(open, "dirfd"));
            assertTrue(arg(open, "flags").contains("O_RDONLY"), arg(open, "flags"));
            long fd = Long.parseLong(arg(open, "fd"));
            assertTrue(fd >= 3, "fd " + fd);
            assertEquals(String.valueOf(fd), s(open, "fd.num"));
            assertEquals(work.toRealPath().resolve("hello.txt").toString(), s(open, "fd.name"));
            assertEquals(String.valueOf(Files.getAttribute(work.resolve("hello.txt"), "unix:ino")), arg(open, "ino"));
            // timestamps are epoch nanoseconds
            long ts = Long.parseLong(s(open, "evt.rawtime"));
            assertTrue(Math.abs(ts / 1_000_000 - System.currentTimeMillis()) < 120_000, "ts " + ts);
            // the close of that fd resolves to the file too
            String file = work.toRealPath().resolve("hello.txt").toString();
            assertTrue(recs.stream().anyMatch(x -> "close".equals(s(x, "evt.type"))
                    && String.valueOf(fd).equals(arg(x, "fd")) && file.equals(s(x, "fd.name"))), "close");
            // a failed open is reported (Drop_Failed_Exit off) with the error as its fd
            Map<String, Object> failed = recs.stream().filter(x -> "openat".equals(s(x, "evt.type"))
                    && "missing.txt".equals(arg(x, "name"))).findFirst().orElseThrow();
            assertTrue(arg(failed, "fd").contains("ENOENT") || arg(failed, "fd").equals("-2"), arg(failed, "fd"));
            // the agent's own events are not reported, and the input counts what it read
            assertFalse(recs.stream().anyMatch(x -> String.valueOf(a.agent.process().pid()).equals(s(x, "proc.pid"))));
        }
    }

    /** connect and accept carry the socket tuple, and the fds are named after it, as libsinsp names them. */
    @Test
    void connectAndAcceptCarryTheTuple() throws Exception {
        try (SyscallAgent a = SyscallAgent.start(List.of());
             java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            int clientPort;
            try (java.net.Socket c = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
                 java.net.Socket s = server.accept()) {
                clientPort = c.getLocalPort();
            }
            String tuple = "127.0.0.1:" + clientPort + "->127.0.0.1:" + port;
            String me = String.valueOf(ProcessHandle.current().pid());
            List<Map<String, Object>> recs = a.await(tuple, r -> r.stream().anyMatch(x -> s(x, "evt.type")
                    .startsWith("accept")) && r.stream().anyMatch(x -> "connect".equals(s(x, "evt.type"))));
            Map<String, Object> conn = recs.stream().filter(x -> "connect".equals(s(x, "evt.type"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no connect: " + recs));
            assertEquals(me, s(conn, "proc.pid"));
            assertEquals("0", arg(conn, "res"));
            assertEquals(tuple, arg(conn, "tuple"));
            assertEquals("127.0.0.1:" + port, arg(conn, "addr"));
            assertEquals(tuple, s(conn, "fd.name"));
            Map<String, Object> acc = recs.stream().filter(x -> s(x, "evt.type").startsWith("accept")).findFirst()
                    .orElseThrow();
            assertEquals(tuple, arg(acc, "tuple")); // client -> server on both sides
            assertEquals(tuple, s(acc, "fd.name"));
            assertEquals("5", arg(acc, "queuemax"));
        }
    }

    /** Syscalls of the stable rules beyond state (here: symlinks over sensitive files) are on by default. */
    @Test
    void symlinkOfTheStableRulesIsReported(@TempDir Path dir) throws Exception {
        String marker = "pgln" + ProcessHandle.current().pid() % 100000;
        Path ln = dir.resolve(marker);
        Files.copy(Path.of("/bin/ln"), ln, StandardCopyOption.COPY_ATTRIBUTES);
        try (SyscallAgent a = SyscallAgent.start(List.of())) {
            SyscallAgent.run(dir, ln.toString(), "-s", "/etc/shadow", dir.resolve("sh-link").toString());
            List<Map<String, Object>> recs = a.await(marker, r -> r.stream()
                    .anyMatch(x -> s(x, "evt.type").startsWith("symlink")));
            Map<String, Object> e = recs.stream().filter(x -> s(x, "evt.type").startsWith("symlink")).findFirst()
                    .orElseThrow(() -> new AssertionError("no symlink event: " + recs));
            assertEquals("0", arg(e, "res"));
            assertEquals("/etc/shadow", arg(e, "target"));
            assertTrue(arg(e, "linkpath").endsWith("sh-link"), arg(e, "linkpath"));
        }
    }

    @Test
    void dropFailedExitDropsFailedCallsInTheKernel(@TempDir Path dir) throws Exception {
        String marker = "pgfail" + ProcessHandle.current().pid() % 100000;
        Path exe = dir.resolve(marker);
        Files.copy(Path.of("/bin/cat"), exe, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("there.txt"), "x\n");
        try (SyscallAgent a = SyscallAgent.start(List.of("drop_failed_exit=true"))) {
            SyscallAgent.run(dir, exe.toString(), "missing.txt", "there.txt");
            List<Map<String, Object>> recs = a.await(marker, r -> r.stream()
                    .anyMatch(x -> "there.txt".equals(arg(x, "name"))));
            assertTrue(recs.stream().anyMatch(x -> "there.txt".equals(arg(x, "name"))), "successful open");
            assertFalse(recs.stream().anyMatch(x -> "missing.txt".equals(arg(x, "name"))), "failed open dropped");
        }
    }

    /** An exe in an overlayfs upper layer (what a container wrote) vs one in a lower layer (the image). */
    @Test
    void execveFlagsTellOverlayLayers(@TempDir Path dir) throws Exception {
        String tag = "pgovl" + ProcessHandle.current().pid() % 100000;
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Files.copy(Path.of("/bin/true"), lower.resolve(tag + "lo"), StandardCopyOption.COPY_ATTRIBUTES);
        assertEquals(0, SyscallAgent.run(dir, "mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower
                + ",upperdir=" + upper + ",workdir=" + work, merged.toString()).exitValue(), "mount overlay");
        try (SyscallAgent a = SyscallAgent.start(List.of())) {
            Files.copy(Path.of("/bin/true"), merged.resolve(tag + "up"), StandardCopyOption.COPY_ATTRIBUTES);
            SyscallAgent.run(dir, merged.resolve(tag + "up").toString());
            SyscallAgent.run(dir, merged.resolve(tag + "lo").toString());
            List<Map<String, Object>> recs = a.await(tag, r -> r.stream().filter(x -> "execve".equals(s(x, "evt.type")))
                    .count() >= 2);
            Map<String, Object> up = recs.stream().filter(x -> "execve".equals(s(x, "evt.type"))
                    && arg(x, "exe").endsWith(tag + "up")).findFirst().orElseThrow();
            Map<String, Object> lo = recs.stream().filter(x -> "execve".equals(s(x, "evt.type"))
                    && arg(x, "exe").endsWith(tag + "lo")).findFirst().orElseThrow();
            assertEquals("EXE_UPPER_LAYER", arg(up, "flags"));
            assertEquals("EXE_LOWER_LAYER", arg(lo, "flags"));
        } finally {
            SyscallAgent.run(dir, "umount", merged.toString());
        }
    }

    @Test
    void killMinusNineLeavesNothingAttached() throws Exception {
        // ids, not names: another agent on the machine may have its own pg_ programs loaded
        java.util.Set<Integer> before = ours(loadedPrograms());
        SyscallAgent a = SyscallAgent.start(List.of());
        java.util.Set<Integer> mine;
        try {
            mine = ours(loadedPrograms());
            mine.removeAll(before);
            assertEquals(3, mine.size(), "programs of the agent under test: " + mine);
            a.agent.process().destroyForcibly(); // SIGKILL
            assertTrue(a.agent.process().waitFor(10, TimeUnit.SECONDS));
        } finally {
            a.close();
        }
        // programs are freed once the last fd is gone (asynchronously, after an RCU grace period)
        long deadline = System.currentTimeMillis() + 10_000;
        java.util.Set<Integer> left = ours(loadedPrograms());
        left.retainAll(mine);
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            left = ours(loadedPrograms());
            left.retainAll(mine);
        }
        assertTrue(left.isEmpty(), "still loaded: " + left);
    }

    private static java.util.Set<Integer> ours(Map<Integer, String> progs) {
        java.util.Set<Integer> r = new java.util.TreeSet<>();
        progs.forEach((id, name) -> {
            if (name.startsWith("pg_")) {
                r.add(id);
            }
        });
        return r;
    }

    /**
     * The BPF programs in the kernel, id to name: from {@code bpftool prog show} when installed, else through the
     * agent jar's own libbpf binding (loaded from the jar under test, not from the test classpath).
     */
    @SuppressWarnings("unchecked")
    static Map<Integer, String> loadedPrograms() throws Exception {
        if (Files.isExecutable(Path.of("/usr/sbin/bpftool"))) {
            Process p = new ProcessBuilder("/usr/sbin/bpftool", "prog", "show").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            Map<Integer, String> progs = new java.util.TreeMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\d+): \\S+\\s+name (\\S+)").matcher(out);
            while (m.find()) {
                progs.put(Integer.parseInt(m.group(1)), m.group(2));
            }
            return progs;
        }
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {AgentProcess.jar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> c = cl.loadClass("dev.peregrine.inputs.syscall.BpfLoader");
            return (Map<Integer, String>) c.getMethod("loadedPrograms").invoke(null);
        }
    }

    private static Optional<Map<String, Object>> find(List<Map<String, Object>> recs, String type) {
        return recs.stream().filter(x -> type.equals(s(x, "evt.type"))).findFirst();
    }
}
