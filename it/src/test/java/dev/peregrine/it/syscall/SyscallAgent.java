package dev.peregrine.it.syscall;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real agent with the {@code syscall} input, for end-to-end tests: started, waited for until the BPF
 * programs are attached, its json_lines output parsed into maps.
 */
final class SyscallAgent implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    final AgentProcess agent;

    private SyscallAgent(AgentProcess agent) {
        this.agent = agent;
    }

    /**
     * Needs root and a kernel with BTF. CI runs as root and must run these tests: there a missing prerequisite
     * fails the test instead of skipping it.
     */
    static void requirePrivileges() throws IOException {
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim());
        boolean btf = Files.exists(Path.of("/sys/kernel/btf/vmlinux"));
        String why = !root ? "not root" : !btf ? "no /sys/kernel/btf/vmlinux" : null;
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true but the syscall tests cannot run: " + why);
            }
            Assumptions.abort(why);
        }
    }

    /**
     * Starts {@code -i syscall <inputProps> -o stdout json_lines} and waits for the attach. The output holds every
     * event of the host; tests select theirs by a marker (grep cannot address the dotted Falco field names).
     */
    static SyscallAgent start(List<String> inputProps) throws Exception {
        List<String> args = new ArrayList<>(List.of("-i", "syscall"));
        for (String p : inputProps) {
            args.add("-p");
            args.add(p);
        }
        args.addAll(List.of("-o", "stdout", "-p", "format=json_lines", "-m", "*", "-f", "1"));
        SyscallAgent a = new SyscallAgent(AgentProcess.start(Path.of("."), args, Map.of(), List.of()));
        a.awaitAttach();
        return a;
    }

    /** Starts the agent with {@code config} (written to {@code dir}/agent.conf) and waits for the attach. */
    static SyscallAgent withConfig(Path dir, String config) throws Exception {
        Files.writeString(dir.resolve("agent.conf"), config);
        SyscallAgent a = new SyscallAgent(AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of(), List.of()));
        a.awaitAttach();
        return a;
    }

    private void awaitAttach() throws Exception {
        try {
            awaitAttach(agent);
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    /** Waits up to 60 s until {@code a} says its BPF programs are attached; fails with its stderr otherwise. */
    static void awaitAttach(AgentProcess a) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!a.stderr().contains("attached;")) {
            if (!a.process().isAlive() || System.currentTimeMillis() > deadline) {
                Assertions.fail("agent did not attach:\n" + a.stderr());
            }
            Thread.sleep(100);
        }
    }

    /** Waits up to 20 s for a line of {@code a}'s stdout that contains {@code text}; returns it, or null. */
    static String awaitLine(AgentProcess a, String text) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (true) {
            for (String l : new String(a.stdout(), StandardCharsets.UTF_8).split("\n")) {
                if (l.contains(text)) {
                    return l;
                }
            }
            if (System.currentTimeMillis() > end) {
                return null;
            }
            Thread.sleep(200);
        }
    }

    /** Parsed output lines that contain {@code marker}. */
    List<Map<String, Object>> records(String marker) throws IOException {
        List<Map<String, Object>> r = new ArrayList<>();
        for (String line : new String(agent.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains(marker)) {
                try (JsonParser p = JSON.createParser(line)) {
                    p.nextToken();
                    r.add(object(p));
                }
            }
        }
        return r;
    }

    /** Waits until {@code want} holds for the records with {@code marker}, up to 20 s; returns them. */
    List<Map<String, Object>> await(String marker, Predicate<List<Map<String, Object>>> want) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<Map<String, Object>> r = records(marker);
        while (!want.test(r) && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            r = records(marker);
        }
        return r;
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                m.put(k, object(p));
            } else if (t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t == JsonToken.VALUE_NULL) {
                m.put(k, null);
            } else {
                m.put(k, p.getText());
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static String arg(Map<String, Object> rec, String name) {
        Object a = rec.get("evt.args");
        return a instanceof Map ? (String) ((Map<String, Object>) a).get(name) : null;
    }

    static String s(Map<String, Object> rec, String key) {
        Object v = rec.get(key);
        return v == null ? null : v.toString();
    }

    static Process run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p;
    }

    @Override
    public void close() throws IOException {
        agent.close();
    }
}
