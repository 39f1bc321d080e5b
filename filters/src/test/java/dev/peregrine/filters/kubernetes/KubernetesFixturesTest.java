package dev.peregrine.filters.kubernetes;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.parser.ParserRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fluent Bit's own filter_kubernetes fixtures: every log file through the filter with the options its upstream
 * test uses (see the fixtures' README), each record compared byte for byte with the {@code .out} expectation.
 */
class KubernetesFixturesTest {
    private static final Pattern TARGET = Pattern.compile("^(.+)_(.+)_(.+)$");
    private static final AtomicInteger MATCHED = new AtomicInteger();
    private static final AtomicInteger EXPECTED = new AtomicInteger();

    @BeforeAll
    static void quiet() {
        Log.setLevel(LogLevel.OFF);
    }

    @AfterAll
    static void report() {
        Log.setLevel(LogLevel.INFO);
        System.out.println("kubernetes fixtures: " + MATCHED.get() + "/" + EXPECTED.get()
                + " expected records matched");
    }

    @TestFactory
    Stream<DynamicTest> fixtures_giveFluentBitsRecords() throws IOException {
        Path dir = KubernetesFixtures.dir();
        ParserRegistry parsers = KubernetesFixtures.parsers(dir.resolve("parsers.conf"));
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("log"))) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String group = log.getParent().getFileName().toString();
                String target = log.getFileName().toString().replaceFirst("\\.log$", "");
                tests.add(DynamicTest.dynamicTest(group + "/" + target, () -> run(dir, parsers, log, group, target)));
            }
        }
        return tests.stream();
    }

    static Map<String, String> options(Path dir, String group, String target) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("Kube_URL", "http://127.0.0.1:8002");
        o.put("Kube_Meta_Preload_Cache_Dir", dir.resolve("meta").toString());
        o.put("Regex_Parser", "kubernetes-tag");
        o.put("Kube_Tag_Prefix", "kube.");
        o.put("Kube_Token_File", dir.resolve("local/token").toString());
        switch (group) {
            case "core" -> {
                if (target.startsWith("core_base-with-namespace-labels-and-annotations")) {
                    o.put("Namespace_Labels", "On");
                    o.put("Namespace_Annotations", "On");
                } else if (target.startsWith("core_base-with-owner-references")) {
                    o.put("Labels", "Off");
                    o.put("Annotations", "Off");
                    o.put("Owner_References", "On");
                } else if (target.startsWith("core_uat-myapp-12345")) {
                    o.put("Use_Tag_For_Meta", "On");
                }
            }
            case "options" -> {
                if (target.startsWith("options_merge-log-disabled")) {
                    break;
                }
                if (target.startsWith("options_use-kubelet")) {
                    o.put("Use_Kubelet", target.contains("enabled") ? "true" : "false");
                    o.put("Kubelet_Port", "8002");
                    break;
                }
                if (target.startsWith("options_k8s-logging")) {
                    break;
                }
                o.put("Merge_Log", "On");
                if (target.startsWith("options_merge-log-trim-disabled")) {
                    o.put("Merge_Log_Trim", "Off");
                } else if (target.startsWith("options_merge-log-key")) {
                    o.put("Merge_Log_Key", "merge-log-key");
                } else if (target.startsWith("options_keep-log-disabled")) {
                    o.put("Keep_Log", "Off");
                }
            }
            case "annotations" -> {
                o.put("K8S-Logging.Parser", "On");
                o.put("K8S-Logging.Exclude", "On");
            }
            case "annotations-parser" -> {
                o.put("K8S-Logging.Parser", "On");
                o.put("Merge_Log", "On");
                o.put("Keep_Log", "Off");
            }
            case "annotations-exclude" -> o.put("K8S-Logging.Exclude", "On");
            default -> throw new IllegalArgumentException(group);
        }
        return o;
    }

    private static void run(Path dir, ParserRegistry parsers, Path log, String group, String target)
            throws Exception {
        Matcher m = TARGET.matcher(target);
        if (!m.matches()) {
            throw new IllegalArgumentException(target);
        }
        String tag = "kube." + m.group(1) + "." + m.group(2) + "." + m.group(3);
        KubernetesFilter f = KubernetesFixtures.filter(parsers, options(dir, group, target));
        Collector c = new Collector();
        try {
            for (Event e : KubernetesFixtures.dockerRecords(log, parsers.get("docker"))) {
                f.filter(tag, e, c);
            }
        } finally {
            f.stop();
        }
        List<String> got = c.kept.stream().map(KubernetesFixtures::render).toList();
        Path outDir = dir.resolve("out").resolve(group);
        Path whole = outDir.resolve(target + ".out");
        List<String> failures = new ArrayList<>();
        if (Files.exists(whole)) {
            String exp = read(whole);
            EXPECTED.incrementAndGet();
            if (got.size() == 1 && got.get(0).equals(exp)) {
                MATCHED.incrementAndGet();
            } else {
                failures.add("expected [" + exp + "] got " + got);
            }
        } else {
            for (String stream : List.of("stdout", "stderr")) {
                Path p = outDir.resolve(target + "_" + stream + ".out");
                List<String> ofStream = got.stream().filter(s -> s.contains("\"stream\":\"" + stream + "\"")).toList();
                if (Files.exists(p)) {
                    String exp = read(p);
                    EXPECTED.incrementAndGet();
                    if (ofStream.size() == 1 && ofStream.get(0).contains(exp)) {
                        MATCHED.incrementAndGet();
                    } else {
                        failures.add(stream + ": expected [" + exp + "] got " + ofStream);
                    }
                } else if (group.equals("annotations-exclude") && !ofStream.isEmpty()) {
                    failures.add(stream + ": expected no record (excluded), got " + ofStream);
                }
            }
        }
        assertEquals(List.of(), failures);
        // every record, not only the ones upstream checks: the golden run of the real binary on the same file
        Path golden = dir.getParent().resolve("golden").resolve("kubernetes_" + target.replace('-', '_')
                .replace('.', '_')).resolve("expected.stdout");
        if (Files.exists(golden)) {
            List<String> exp = Files.readAllLines(golden, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).map(l -> l.replaceFirst("^\\{\"date\":[^,]+,", "{")).toList();
            List<String> bodies = c.kept.stream().map(e -> KubernetesFixtures.render(e)
                    .replaceFirst("^\\[[^,]+,", "").replaceFirst("\\]$", "")).toList();
            assertEquals(exp, bodies, "golden " + golden);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).replaceAll("\\n+$", "");
    }
}
