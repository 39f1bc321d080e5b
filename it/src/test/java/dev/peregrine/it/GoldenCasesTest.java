package dev.peregrine.it;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.config.YamlConfigReader;
import dev.peregrine.pipeline.plugin.PluginKind;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every golden case recorded from Fluent Bit 5.1.1 against the real agent process and compares stdout byte for
 * byte (after the case's normalisation) and the exit code. Invalid configs must also be rejected with an error that
 * names the same things (file:line, quoted keys and plugin names) as Fluent Bit's. Cases that need a plugin not
 * built yet are skipped, naming the plugin.
 */
class GoldenCasesTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.load();

    @TestFactory
    Stream<DynamicTest> goldenCases() throws Exception {
        Path golden = SharedData.dir().resolve("fluent-bit/golden");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(golden)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : dirs) {
            GoldenCase c = GoldenCase.load(dir);
            String missing = missingPlugin(c);
            for (Map<String, Object> run : c.runs()) {
                String name = c.name() + "[" + run.get("name") + "]";
                if (missing != null) {
                    tests.add(DynamicTest.dynamicTest(name, () -> Assumptions.abort("needs plugin " + missing
                        + ", not built yet")));
                    continue;
                }
                Future<Result> f = pool.submit(() -> runCase(c, run));
                tests.add(DynamicTest.dynamicTest(name, () -> check(c, run, f.get())));
            }
        }
        pool.shutdown();
        return tests.stream();
    }

    /**
     * The plugins of the Fluent Bit build the cases were recorded with: an invalid case naming one of these that we
     * lack is skipped (not built yet); one naming another is a real "no such plugin" case.
     */
    static final java.util.Set<String> RECORDED_BUILD = java.util.Set.of("tail", "dummy", "stdin", "tcp", "forward",
        "fluentbit_metrics", "kubernetes", "grep", "modify", "record_modifier", "parser", "multiline", "nest",
        "rewrite_tag", "stdout", "null", "file", "exit", "cloudwatch_logs");

    /** The first plugin the case's config names that this build lacks, or null. */
    static String missingPlugin(GoldenCase c) {
        for (String f : List.of("fluent-bit.conf", "fluent-bit.yaml")) {
            Path p = c.dir().resolve(f);
            if (!Files.exists(p)) {
                continue;
            }
            Config cfg;
            try {
                cfg = f.endsWith(".yaml") ? YamlConfigReader.read(p) : ClassicConfigReader.read(p);
            } catch (Exception e) {
                return null; // the run itself will show the problem
            }
            for (var e : Map.of(PluginKind.INPUT, cfg.inputs(), PluginKind.FILTER, cfg.filters(),
                PluginKind.OUTPUT, cfg.outputs()).entrySet()) {
                for (Section s : e.getValue()) {
                    String n = s.get("name");
                    if (n != null && REGISTRY.find(e.getKey(), n) == null
                        && (!c.invalid() || RECORDED_BUILD.contains(n.toLowerCase(java.util.Locale.ROOT)))) {
                        return e.getKey().label() + " '" + n + "'";
                    }
                }
            }
        }
        return null;
    }

    record Result(int exit, boolean timedOut, byte[] stdout, String stderr, Path work) {
    }

    @SuppressWarnings("unchecked")
    static Result runCase(GoldenCase c, Map<String, Object> run) throws Exception {
        Path tmp = Files.createTempDirectory("golden-");
        Path work = tmp.resolve("case");
        copy(c.dir(), work);
        Map<String, Object> stop = c.stop();
        List<String> args = (List<String>) run.get("args");
        Path expected = c.dir().resolve((String) run.getOrDefault("expected_stdout", "expected.stdout"));
        // Sorting lines keeps the length, so the output is complete when it is as long as the expected file.
        boolean lengthKept = c.normaliseStdout().stream().allMatch("sort_lines"::equals);
        long expectedLen = Files.exists(expected) && lengthKept ? Files.size(expected) : -1;
        try (AgentProcess p = AgentProcess.start(work, args, c.env(), c.envUnset())) {
            long timeout = ((Number) stop.getOrDefault("timeout_sec", 30)).longValue() * 1000;
            boolean timedOut = false;
            if ("signal".equals(stop.get("mode"))) {
                // Fluent Bit's recording waited after_sec; a loaded CI machine may need longer to start a JVM,
                // so when the expected length is known, wait for it (up to 20 s) and stop as soon as it is there.
                long afterMillis = (long) (((Number) stop.get("after_sec")).doubleValue() * 1000);
                long deadline = System.currentTimeMillis() + (expectedLen > 0 ? Math.max(afterMillis, 20_000)
                    : afterMillis);
                while (System.currentTimeMillis() < deadline && p.process().isAlive()) {
                    if (expectedLen > 0 && p.stdoutSize() >= expectedLen) {
                        Thread.sleep(300);
                        break;
                    }
                    Thread.sleep(50);
                }
                p.terminate();
            }
            if (!p.waitFor(timeout)) {
                timedOut = true;
                p.process().destroyForcibly();
                p.waitFor(5000);
            }
            byte[] out = GoldenCase.normalise(p.stdout(), c.normaliseStdout(), work);
            return new Result(p.exitCode(), timedOut, out, p.stderr(), work);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(src);
                String n = rel.getFileName() == null ? "" : rel.getFileName().toString();
                if (n.startsWith("expected") || n.equals("case.json")) {
                    continue;
                }
                Path dst = to.resolve(rel.toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static String configText(GoldenCase c) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(c.dir())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && (n.endsWith(".conf") || n.endsWith(".yaml"))) {
                    b.append(Files.readString(p, StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
        }
        return b.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern FILE_LINE = Pattern.compile("([\\w.-]+\\.(?:conf|yaml)):(\\d+)");

    static void check(GoldenCase c, Map<String, Object> run, Result r) throws IOException {
        String ctx = "\n--- stderr ---\n" + r.stderr;
        assertTrue(!r.timedOut, "agent did not stop in time" + ctx);
        assertEquals(c.exitCode(run), r.exit, "exit code" + ctx);
        Path expected = c.dir().resolve((String) run.getOrDefault("expected_stdout", "expected.stdout"));
        if (Files.exists(expected)) {
            String want = Files.readString(expected, StandardCharsets.ISO_8859_1);
            String got = new String(r.stdout, StandardCharsets.ISO_8859_1);
            assertEquals(want, got, "stdout" + ctx);
        }
        if (c.invalid()) {
            // Our wording is our own; the error must name what Fluent Bit's names.
            for (String line : c.logErrors(run)) {
                if (!line.contains("[error]") || line.contains("contains errors, aborting")
                    || line.contains("initialization failed")) {
                    continue;
                }
                Matcher fl = FILE_LINE.matcher(line);
                while (fl.find()) {
                    if (!r.stderr.contains(fl.group(1) + ":" + fl.group(2))) {
                        fail("the error should name " + fl.group() + " as Fluent Bit's does: " + line + ctx);
                    }
                }
                Matcher q = QUOTED.matcher(line);
                while (q.find()) {
                    String token = q.group(1);
                    // Only what the user wrote (a key, a plugin or parser name, a value) must be named; Fluent
                    // Bit's internal words (YAML parser states) need not be.
                    if (configText(c).contains(token.toLowerCase(java.util.Locale.ROOT)) && !r.stderr.contains(token)) {
                        fail("the error should name '" + token + "' as Fluent Bit's does: " + line + ctx);
                    }
                }
            }
        }
    }
}
