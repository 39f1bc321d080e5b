package dev.peregrine.it;

import dev.peregrine.pipeline.plugin.PluginKind;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Fluent Bit configs (its conf/ directory and the FireLens + Falco integration) through {@code --dry-run}:
 * accepted exactly when Fluent Bit 5.1.1 accepts them (../shared/fluent-bit/configs/README.md), or rejected with an
 * error naming the plugin that is not built here yet. Rejections must name what Fluent Bit's error names.
 */
class UpstreamConfigsTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.load();

    /**
     * @param file     config path under configs/
     * @param parsers  run as {@code -R file -i dummy -o null} (a parsers file) instead of {@code -c file}
     * @param accepted what Fluent Bit 5.1.1 answered
     * @param names    what the rejection must name (a plugin or key), when rejected
     */
    record Case(String file, boolean parsers, boolean accepted, String names) {
    }

    static final List<Case> CASES = List.of(
        new Case("upstream/fluent-bit.conf", false, false, "cpu"),
        new Case("upstream/fluent-bit-macos.conf", false, true, null),
        new Case("upstream/fluent-bit-nano.conf", false, true, null),
        new Case("upstream/fluent-bit-win32.conf", false, false, "winlog"),
        new Case("upstream/fluent-bit-metrics.conf", false, false, "node_exporter_metrics"),
        new Case("upstream/in_dummy.conf", false, true, null),
        new Case("upstream/in_forward.conf", false, false, "buffer"),
        new Case("upstream/in_disk.conf", false, false, "disk"),
        new Case("upstream/in_head.conf", false, false, "head"),
        new Case("upstream/in_mqtt.conf", false, false, "mqtt"),
        new Case("upstream/in_netif.conf", false, false, "netif"),
        new Case("upstream/in_proc.conf", false, false, "proc"),
        new Case("upstream/in_xbee.conf", false, false, "xbee"),
        new Case("upstream/kube.conf", false, true, null),
        new Case("upstream/kube_elasticsearch.conf", false, false, "es"),
        new Case("upstream/rate_limit.conf", false, false, "lua"),
        new Case("upstream/out_file.conf", false, false, "mem"),
        new Case("upstream/out_flowcounter.conf", false, false, "random"),
        new Case("upstream/out_kafka-rest.conf", false, false, "cpu"),
        new Case("upstream/out_td.conf", false, false, "cpu"),
        new Case("upstream/plugins.conf", false, true, null),
        new Case("upstream/parsers.conf", false, false, "parsers_file"),
        new Case("upstream/parsers.conf", true, true, null),
        new Case("upstream/parsers_ambassador.conf", true, true, null),
        new Case("upstream/parsers_cinder.conf", true, true, null),
        new Case("upstream/parsers_extra.conf", true, true, null),
        new Case("upstream/parsers_java.conf", true, true, null),
        new Case("upstream/parsers_kafka.conf", true, true, null),
        new Case("upstream/parsers_mult.conf", true, true, null),
        new Case("upstream/parsers_multiline.conf", true, true, null),
        new Case("upstream/parsers_openstack.conf", true, true, null),
        new Case("upstream/parser_custom.conf", false, false, "parser_custom.conf:1"),
        new Case("upstream/parser_custom.conf", true, false, "parser_custom.conf:1"),
        new Case("firelens-falco/eks/fluent-bit/kubernetes/configmap.yaml#fluent-bit.conf", false, true, null),
        new Case("firelens-falco/eks/fluent-bit/kubernetes/configmap.yaml#parsers.conf", true, true, null));

    @TestFactory
    Stream<DynamicTest> upstreamConfigs_dryRun_agreesWithFluentBit() throws Exception {
        Path configs = SharedData.dir().resolve("fluent-bit/configs");
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            String name = c.file + (c.parsers ? " (-R)" : " (-c)");
            tests.add(DynamicTest.dynamicTest(name, () -> run(configs, c)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static void run(Path configs, Case c) throws Exception {
        Path work = Files.createTempDirectory("upstream-");
        String file;
        if (c.file.contains("#")) {
            // A Kubernetes ConfigMap: its data keys are the files, as mounted in the pod.
            String[] parts = c.file.split("#");
            Map<String, Object> cm = new Yaml().load(Files.readString(configs.resolve(parts[0])));
            Map<String, String> data = (Map<String, String>) cm.get("data");
            for (Map.Entry<String, String> e : data.entrySet()) {
                Files.writeString(work.resolve(e.getKey()), e.getValue());
            }
            file = parts[1];
        } else {
            Path src = configs.resolve(c.file);
            try (Stream<Path> s = Files.list(src.getParent())) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (Files.isRegularFile(p)) {
                        Files.copy(p, work.resolve(p.getFileName()));
                    }
                }
            }
            file = src.getFileName().toString();
        }
        List<String> args = c.parsers ? List.of("-R", file, "-i", "dummy", "-o", "null", "--dry-run")
            : List.of("-c", file, "--dry-run");
        try (AgentProcess p = AgentProcess.start(work, args, Map.of(), List.of())) {
            assertTrue(p.waitFor(60_000), "dry run did not finish");
            String err = p.stderr();
            String missing = missingPluginNamed(err);
            if (c.accepted) {
                if (p.exitCode() != 0) {
                    assertTrue(missing != null, "Fluent Bit accepts " + c.file + "; we rejected it:\n" + err);
                } else {
                    assertTrue(err.contains("configuration test is successful"), err);
                }
            } else {
                assertNotEquals(0, p.exitCode(), "Fluent Bit rejects " + c.file + "; we accepted it:\n" + err);
                assertTrue(err.contains(c.names) || missing != null,
                    "the error should name '" + c.names + "':\n" + err);
            }
        }
    }

    /** A "doesn't exist" error for a plugin that Fluent Bit has and this build does not (yet). */
    static String missingPluginNamed(String stderr) {
        var m = java.util.regex.Pattern.compile("section '([^']+)' tried to instance a plugin name that doesn't "
            + "exist").matcher(stderr);
        while (m.find()) {
            String n = m.group(1);
            boolean ours = false;
            for (PluginKind k : PluginKind.values()) {
                ours |= REGISTRY.find(k, n) != null;
            }
            if (!ours) {
                return n;
            }
        }
        return null;
    }

}
