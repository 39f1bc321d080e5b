package dev.peregrine.it.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.peregrine.it.deploy.Deploy.at;
import static dev.peregrine.it.deploy.Deploy.cast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart with its default values installs what k8s/ installs (same config, rules, pod), and its values
 * change what they say. Rendered by {@link ChartRenderer}; {@link #renderDefaults()} also writes the result to
 * it/target/deploy/helm-default.yaml, which {@link ManifestSchemaTest} validates against the Kubernetes schemas.
 */
class HelmChartTest {
    static Path renderDefaults() throws IOException {
        Path out = Deploy.work().resolve("helm-default.yaml");
        Files.writeString(out, render(Map.of()));
        return out;
    }

    static String render(Map<String, Object> overrides) throws IOException {
        ChartRenderer r = new ChartRenderer(Deploy.chart(), "peregrine", "peregrine",
            ChartRenderer.values(Deploy.chart(), overrides));
        StringBuilder sb = new StringBuilder();
        r.renderAll().forEach((name, text) -> sb.append("---\n# Source: peregrine/templates/").append(name)
            .append('\n').append(text.strip()).append('\n'));
        return sb.toString();
    }

    private static List<Map<String, Object>> k8s() throws IOException {
        return Deploy.objects(Deploy.manifests());
    }

    @Test
    void defaults_renderTheSameObjectsAsK8s_butTheNamespace() throws IOException {
        List<String> chart = new ArrayList<>();
        Deploy.objectsFromText(Files.readString(renderDefaults()))
            .forEach(o -> chart.add(o.get("kind") + "/" + at(o, "metadata.name")));
        List<String> plain = new ArrayList<>();
        k8s().stream().filter(o -> !"Namespace".equals(o.get("kind")))
            .forEach(o -> plain.add(o.get("kind") + "/" + at(o, "metadata.name")));
        assertEquals(plain.stream().sorted().toList(), chart.stream().sorted().toList());
    }

    @Test
    void defaults_configMapsHaveTheSameContentAsK8s() throws IOException {
        List<Map<String, Object>> chart = Deploy.objectsFromText(render(Map.of()));
        for (String name : List.of("peregrine-config", "peregrine-rules")) {
            assertEquals(Deploy.find(k8s(), "ConfigMap", name).get("data"),
                Deploy.find(chart, "ConfigMap", name).get("data"), name + ": chart defaults vs k8s/");
        }
    }

    @Test
    void defaults_podIsTheSameAsK8s_apartFromLabels() throws IOException {
        Map<String, Object> plain = podSpec(Deploy.find(k8s(), "DaemonSet", "peregrine"));
        Map<String, Object> chart = podSpec(Deploy.find(Deploy.objectsFromText(render(Map.of())), "DaemonSet",
            "peregrine"));
        assertEquals(plain, chart);
        assertEquals(at(Deploy.find(k8s(), "ServiceAccount", "peregrine"), "metadata.annotations"),
            at(Deploy.find(Deploy.objectsFromText(render(Map.of())), "ServiceAccount", "peregrine"),
                "metadata.annotations"));
    }

    @Test
    void values_setImageRegionRoleResourcesAndRules() throws IOException {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("image", Map.of("repository", "registry.example/peregrine", "tag", "1.2.3"));
        overrides.put("aws", Map.of("region", "us-east-2"));
        overrides.put("serviceAccount", Map.of("roleArn", "arn:aws:iam::444455556666:role/custom"));
        overrides.put("resources", Map.of("limits", Map.of("memory", "1Gi")));
        overrides.put("customRules", Map.of("a.yaml", "- list: x\n  items: [a]\n", "b.yaml", "- list: y\n  items: []\n"));
        List<Map<String, Object>> objs = Deploy.objectsFromText(render(overrides));
        Map<String, Object> c = Deploy.container(Deploy.find(objs, "DaemonSet", "peregrine"));
        assertEquals("registry.example/peregrine:1.2.3", c.get("image"));
        List<Map<String, Object>> env = cast(c.get("env"));
        assertTrue(env.contains(Map.of("name", "AWS_REGION", "value", "us-east-2")));
        // Helm merges maps: only limits.memory changes.
        assertEquals(Map.of("requests", Map.of("cpu", "100m", "memory", "256Mi"), "limits", Map.of("cpu", "1",
            "memory", "1Gi")), c.get("resources"));
        Map<String, Object> annotations = cast(at(Deploy.find(objs, "ServiceAccount", "peregrine"),
            "metadata.annotations"));
        assertEquals("arn:aws:iam::444455556666:role/custom", annotations.get("eks.amazonaws.com/role-arn"));
        // Added beside the chart's example file (Helm merges maps), each a file of rules.d.
        Map<String, Object> rules = cast(Deploy.find(objs, "ConfigMap", "peregrine-rules").get("data"));
        assertEquals("- list: x\n  items: [a]\n", rules.get("a.yaml"));
        assertEquals("- list: y\n  items: []\n", rules.get("b.yaml"));
        assertEquals(java.util.Set.of("a.yaml", "b.yaml", "recon-commands.yaml"), rules.keySet());
    }

    @Test
    void values_emptyRoleAndNullCustomRules_renderNoAnnotationAndAnEmptyRulesConfigMap() throws IOException {
        Map<String, Object> overrides = new java.util.HashMap<>();
        overrides.put("serviceAccount", Map.of("roleArn", ""));
        overrides.put("customRules", null); // --set customRules=null: Helm removes the default entries
        List<Map<String, Object>> objs = Deploy.objectsFromText(render(overrides));
        assertNull(at(Deploy.find(objs, "ServiceAccount", "peregrine"), "metadata.annotations"));
        assertFalse(Deploy.find(objs, "ConfigMap", "peregrine-rules").containsKey("data"));
    }

    @Test
    void renderer_rejectsTemplateSyntaxItDoesNotImplement() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new ChartRenderer(Deploy.chart(), "r", "n", Map.of()).render("{{ include \"x\" . }}", "t.yaml"));
        assertTrue(e.getMessage().contains("include"), e.getMessage());
    }

    private static Map<String, Object> podSpec(Map<String, Object> ds) {
        Map<String, Object> spec = new LinkedHashMap<>(cast(at(ds, "spec")));
        spec.remove("selector");
        Map<String, Object> template = new LinkedHashMap<>(cast(spec.get("template")));
        template.remove("metadata");
        spec.put("template", template);
        return spec;
    }
}
