package dev.peregrine.it.syscall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated containerd container: a shell moves itself into cgroups named like containerd's
 * ({@code cri-containerd-<64 hex>.scope}) and runs commands in a new mount and PID namespace.
 *
 * <p>This host mixes cgroup v1 and v2 and every process's v2 cgroup is the root, so the container cgroups are v1:
 * pids and memory. The memory one matters: this sandbox's own memory cgroup ({@code /process_api/<32 hex>}) looks
 * like a containerd-namespace container and memory comes before pids in the cgroups parameter, so it is nested under
 * the current memory cgroup (which also keeps the sandbox's limit). Closing removes the cgroups and the files the
 * commands made.
 */
final class SimulatedContainer implements AutoCloseable {
    /** Files or empty directories the commands create, removed on close; they must not exist before. */
    private final List<Path> created;
    private final String id;
    private final Path pidsParent = Path.of("/sys/fs/cgroup/pids/peregrine-it");
    private final Path pids;
    private final Path mem;

    SimulatedContainer(List<Path> created) throws Exception {
        for (Path p : created) {
            assertFalse(Files.exists(p), p + " exists before the test: not ours to remove");
        }
        this.created = created;
        byte[] r = new byte[32];
        new SecureRandom().nextBytes(r);
        id = HexFormat.of().formatHex(r);
        String scope = "cri-containerd-" + id + ".scope";
        pids = pidsParent.resolve(scope);
        mem = Path.of("/sys/fs/cgroup/memory" + currentCgroup("memory")).resolve(scope);
    }

    /** The 64-hex container id (what a CRI runtime reports in the pod status). */
    String id() {
        return id;
    }

    /** The 12-character container id, as Falco shows it. */
    String shortId() {
        return id.substring(0, 12);
    }

    String scope() {
        return pids.getFileName().toString();
    }

    /** Runs {@code shell} (sh syntax, no single quotes) in the container; returns its output; asserts exit 0. */
    String run(String shell) throws Exception {
        Files.createDirectories(pids);
        Files.createDirectories(mem);
        String outer = "echo $$ > " + pids + "/cgroup.procs && echo $$ > " + mem + "/cgroup.procs && "
            + "exec unshare --mount --pid --fork --mount-proc sh -c '" + shell + "'";
        Process p = new ProcessBuilder("sh", "-c", outer).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Path p : created) {
            Files.deleteIfExists(p);
        }
        for (Path cg : List.of(pids, mem, pidsParent)) {
            // a cgroup can be removed once its processes are gone, which is a moment after they exit
            for (int i = 0; i < 50 && Files.exists(cg); i++) {
                try {
                    Files.delete(cg);
                } catch (java.io.IOException e) {
                    Thread.sleep(100);
                }
            }
        }
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
}
