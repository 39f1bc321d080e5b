package dev.peregrine.it.deploy;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Dockerfile, checked without a Docker engine: what it copies exists after {@code mvn install} and is not
 * excluded by .dockerignore, and the jlink module list it names is enough to run the agent (built here with this
 * machine's JDK, then the agent is started on it).
 */
class ImageTest {
    record Instruction(String stage, String keyword, String args) {
    }

    static List<Instruction> dockerfile() throws IOException {
        String text = Files.readString(Deploy.home().resolve("Dockerfile")).replaceAll("\\\\\n", " ");
        List<Instruction> out = new ArrayList<>();
        String stage = "(global)"; // ARGs before the first FROM
        int n = 0;
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kw = l.split("\\s+", 2);
            String keyword = kw[0].toUpperCase();
            String args = kw.length > 1 ? kw[1].trim() : "";
            if (keyword.equals("FROM")) {
                Matcher m = Pattern.compile("(?i)\\s+AS\\s+(\\S+)$").matcher(args);
                stage = m.find() ? m.group(1) : "stage" + n;
                n++;
            }
            out.add(new Instruction(stage, keyword, args));
        }
        return out;
    }

    static String jreModules() throws IOException {
        for (Instruction i : dockerfile()) {
            if (i.keyword().equals("ARG") && i.args().startsWith("JRE_MODULES=")) {
                return i.args().substring("JRE_MODULES=".length()).trim();
            }
        }
        throw new AssertionError("Dockerfile has no ARG JRE_MODULES=...");
    }

    @Test
    void everyCopySourceExistsAfterBuildAndIsInTheContext() throws IOException {
        Path home = Deploy.home();
        List<String> ignore = Files.readAllLines(home.resolve(".dockerignore")).stream()
            .map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        Map<String, String> workdirs = new LinkedHashMap<>();
        int checked = 0;
        for (Instruction i : dockerfile()) {
            if (i.keyword().equals("WORKDIR")) {
                workdirs.put(i.stage(), i.args());
            }
            if (!i.keyword().equals("COPY")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(i.args().split("\\s+")));
            String from = null;
            while (words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            List<String> sources = words.subList(0, words.size() - 1);
            if (from != null) {
                // A file the build stage makes from the sources: check the same file exists here after mvn install.
                String wd = workdirs.getOrDefault(from, "");
                for (String s : sources) {
                    if (!wd.isEmpty() && s.startsWith(wd + "/")) {
                        Path p = home.resolve(s.substring(wd.length() + 1));
                        assertTrue(Files.exists(p), "COPY --from=" + from + " " + s + ": " + p
                            + " does not exist after mvn install");
                        checked++;
                    }
                }
                continue;
            }
            boolean anyExists = false;
            for (String s : sources) {
                boolean glob = s.matches(".*[*?\\[].*");
                Path p = home.resolve(s);
                if (glob) {
                    continue; // may match nothing: allowed, as long as another source of this COPY exists
                }
                assertTrue(Files.exists(p), "COPY source " + s + " does not exist in the build context");
                for (String pattern : ignore) {
                    assertFalse(ignored(pattern, s), "COPY source " + s + " is excluded by .dockerignore " + pattern);
                }
                anyExists = true;
                checked++;
            }
            assertTrue(anyExists, "COPY " + i.args() + ": no source that always exists (BuildKit fails on no match)");
        }
        assertTrue(checked >= 10, "checked " + checked);
    }

    @Test
    void buildStageCopiesEveryModuleTheRootPomLists() throws IOException {
        String pom = Files.readString(Deploy.home().resolve("pom.xml"));
        List<String> copied = dockerfile().stream().filter(i -> i.keyword().equals("COPY") && !i.args().contains("--"))
            .map(i -> i.args().split("\\s+")[0]).toList();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        while (m.find()) {
            String top = m.group(1).split("/")[0];
            assertTrue(copied.contains(top), "module " + m.group(1) + " is not copied into the build stage: Maven "
                + "refuses a reactor with a missing module");
        }
    }

    @Test
    void runtimeRunsAsNonRootWithTheDocumentedEntrypoint() throws IOException {
        List<Instruction> all = dockerfile();
        String last = all.get(all.size() - 1).stage();
        List<Instruction> runtime = all.stream().filter(i -> i.stage().equals(last)).toList();
        String user = runtime.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b)
            .map(Instruction::args).orElse("root");
        assertFalse(user.startsWith("0") || user.startsWith("root"), "default user must not be root: " + user);
        assertEquals("[\"peregrine\", \"-c\", \"/etc/peregrine/peregrine.conf\"]",
            runtime.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow().args());
        assertTrue(runtime.stream().anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("libbpf1")));
    }

    /** jlink with the Dockerfile's module list (cached in it/target/deploy/jre while the list is unchanged). */
    static Path jlinkRuntime() throws Exception {
        String modules = jreModules();
        Path jre = Deploy.work().resolve("jre");
        Path marker = Deploy.work().resolve("jre.modules");
        if (Files.isExecutable(jre.resolve("bin/java")) && Files.exists(marker)
            && Files.readString(marker).equals(modules)) {
            return jre;
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink) && System.getenv("JAVA_HOME") != null) {
            jlink = Path.of(System.getenv("JAVA_HOME"), "bin", "jlink");
        }
        assertTrue(Files.isExecutable(jlink), "jlink not found (a JDK with jmods: openjdk-17-jdk-headless)");
        deleteTree(jre);
        Files.deleteIfExists(marker);
        Deploy.Result r = Deploy.run(Deploy.work(), null, 300, List.of(jlink.toString(), "--add-modules", modules,
            "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2", "--generate-cds-archive", "--output",
            jre.toString()));
        assertEquals(0, r.exit(), "jlink failed:\n" + r.stdout() + r.stderr());
        Files.writeString(marker, modules);
        return jre;
    }

    @Test
    void jlinkedRuntime_runsTheAgent_answersHealth_andExitsZeroOnSigterm() throws Exception {
        Path java = jlinkRuntime().resolve("bin/java");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = Files.createTempFile("jlink-agent", ".out");
        Path err = Files.createTempFile("jlink-agent", ".err");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-jar", AgentProcess.jar().toString(),
            "-c", "conf/peregrine.conf", "-P", String.valueOf(port))
            .directory(Deploy.home().toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!Files.readString(out).contains("peregrine is running")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    fail("no heartbeat record from the agent on the jlinked runtime:\n" + Files.readString(err));
                }
                Thread.sleep(200);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, health.statusCode());
            assertEquals("ok", health.body().trim());
            p.destroy(); // SIGTERM, as the kubelet stops the pod
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "agent did not stop after SIGTERM");
            assertEquals(0, p.exitValue(), Files.readString(err));
            assertFalse(Files.readString(err).contains("Exception"), Files.readString(err));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** YAML (configs, Falco rules) is read with SnakeYAML, whose java.beans use is what the module list leaves out. */
    @Test
    void jlinkedRuntime_readsYamlConfigs() throws Exception {
        Path java = jlinkRuntime().resolve("bin/java");
        Path yaml = Files.createTempFile(Deploy.work(), "pipeline", ".yaml");
        Files.writeString(yaml, """
            service:
              flush: 1
              log_level: info
            pipeline:
              inputs:
                - name: dummy
                  tag: app
              outputs:
                - name: stdout
                  match: '*'
            """);
        Deploy.Result r = Deploy.run(Deploy.home(), null, 60, List.of(java.toString(), "-jar",
            AgentProcess.jar().toString(), "-c", yaml.toString(), "--dry-run"));
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("configuration test is successful"), r.stderr());
        assertNotEquals(true, r.stderr().contains("NoClassDefFoundError"));
    }

    private static boolean ignored(String pattern, String path) {
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + p);
        Path candidate = Path.of(path);
        for (Path prefix = candidate; prefix != null; prefix = prefix.getParent()) {
            if (matcher.matches(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
