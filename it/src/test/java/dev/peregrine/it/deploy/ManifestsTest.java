package dev.peregrine.it.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.peregrine.it.deploy.Deploy.at;
import static dev.peregrine.it.deploy.Deploy.cast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What k8s/ promises a cluster operator: the pieces fit together (config, mounts, RBAC, IAM) as the docs say. */
class ManifestsTest {
    private static List<Map<String, Object>> objects() throws IOException {
        return Deploy.objects(Deploy.manifests());
    }

    private static String pipelineConfig() throws IOException {
        return Files.readString(Deploy.home().resolve("conf/peregrine-daemonset.conf"));
    }

    @Test
    void kustomization_listsEveryManifest() throws IOException {
        Set<String> listed = new TreeSet<>();
        Deploy.manifests().forEach(p -> listed.add(p.getFileName().toString()));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(Deploy.k8s())) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                .forEach(present::add);
        }
        assertEquals(present, listed, "kubectl apply -k k8s/ must apply every manifest in k8s/");
    }

    @Test
    void configMap_carriesTheShippedPipelineConfigAndRules() throws IOException {
        Map<String, Object> cm = Deploy.find(objects(), "ConfigMap", "peregrine-config");
        assertEquals(pipelineConfig(), ((Map<?, ?>) cm.get("data")).get("peregrine.conf"),
            "k8s/configmap.yaml peregrine.conf must be conf/peregrine-daemonset.conf byte for byte");
        String rules = (String) ((Map<?, ?>) cm.get("data")).get("peregrine_rules.yaml");
        assertEquals(Files.readString(Deploy.chart().resolve("files/peregrine_rules.yaml")), rules,
            "the chart's files/peregrine_rules.yaml and k8s/configmap.yaml must carry the same default rules");
        Path shipped = Deploy.home().resolve("conf/rules/peregrine_rules.yaml");
        if (Files.exists(shipped)) {
            assertEquals(Files.readString(shipped), rules,
                "k8s/configmap.yaml peregrine_rules.yaml must be conf/rules/peregrine_rules.yaml byte for byte");
        } else {
            System.out.println("[deploy] conf/rules/peregrine_rules.yaml is not in this tree: the ConfigMap's copy of "
                + "the default rules is not compared with it");
        }
    }

    @Test
    void daemonSet_runsWithCapabilitiesNotPrivileged() throws IOException {
        Map<String, Object> ds = Deploy.find(objects(), "DaemonSet", "peregrine");
        Map<String, Object> sc = cast(Deploy.container(ds).get("securityContext"));
        assertEquals(Boolean.FALSE, sc.get("privileged"));
        assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(sc, "capabilities.drop"));
        assertEquals(Set.of("BPF", "PERFMON", "SYS_RESOURCE", "SYS_PTRACE"),
            Set.copyOf(cast(at(sc, "capabilities.add"))), "exactly what the eBPF syscall input needs");
        Map<String, Object> pod = cast(at(ds, "spec.template.spec"));
        assertNotEquals(Boolean.TRUE, pod.get("hostPID"), "host PIDs are resolved through /host/proc");
        assertNotEquals(Boolean.TRUE, pod.get("hostNetwork"));
        assertEquals(List.of(Map.of("operator", "Exists")), pod.get("tolerations"), "runs on every node");
    }

    @Test
    void daemonSet_probesTheHealthEndpointTheConfigEnables() throws IOException {
        Map<String, Object> c = Deploy.container(Deploy.find(objects(), "DaemonSet", "peregrine"));
        String conf = pipelineConfig();
        assertEquals("On", option(conf, "Health_Check"));
        assertEquals("0.0.0.0", option(conf, "HTTP_Listen"), "the kubelet probes the pod IP, not its loopback");
        int port = Integer.parseInt(option(conf, "HTTP_Port"));
        List<Map<String, Object>> ports = cast(c.get("ports"));
        assertEquals(port, ports.get(0).get("containerPort"));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertEquals("/api/v1/health", at(c, probe + ".httpGet.path"), probe);
            assertEquals(ports.get(0).get("name"), at(c, probe + ".httpGet.port"), probe);
        }
        assertTrue(at(c, "resources.requests.memory") != null && at(c, "resources.limits.memory") != null);
    }

    @Test
    void daemonSet_setsTheEnvironmentTheConfigUses() throws IOException {
        Map<String, Object> c = Deploy.container(Deploy.find(objects(), "DaemonSet", "peregrine"));
        Set<String> defined = new LinkedHashSet<>();
        for (Map<String, Object> e : Deploy.<List<Map<String, Object>>>cast(c.get("env"))) {
            defined.add((String) e.get("name"));
        }
        assertEquals("spec.nodeName", at(((List<?>) c.get("env")).get(0), "valueFrom.fieldRef.fieldPath"));
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(pipelineConfig());
        while (m.find()) {
            assertTrue(defined.contains(m.group(1)), "${" + m.group(1) + "} is used by the config but the DaemonSet "
                + "does not set it (an unset variable becomes empty)");
        }
    }

    /** Every host path the pipeline reads or writes must be inside a mount, and writable where it writes. */
    @Test
    void daemonSet_mountsEveryPathTheConfigNames() throws IOException {
        Map<String, Object> ds = Deploy.find(objects(), "DaemonSet", "peregrine");
        Map<String, Object> c = Deploy.container(ds);
        List<Map<String, Object>> mounts = cast(c.get("volumeMounts"));
        String conf = pipelineConfig();
        List<String> written = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (String line : conf.split("\n")) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length < 2 || kv[0].startsWith("#")) {
                continue;
            }
            String key = kv[0].toLowerCase();
            String value = kv[1].trim();
            if (key.equals("db") || key.equals("storage.path")) {
                written.add(value);
            } else if (key.equals("rules_file") || key.equals("path") || key.equals("exclude_path")) {
                read.add(value.replaceAll("/[^/]*\\*.*$", ""));
            }
        }
        assertFalse(written.isEmpty() || read.isEmpty());
        for (String p : written) {
            Map<String, Object> mnt = mountOf(mounts, p);
            assertNotEquals(Boolean.TRUE, mnt.get("readOnly"), p + " is written but its mount is read-only");
            assertTrue(isHostPath(ds, (String) mnt.get("name")), p + " must be on the host to survive a restart");
        }
        for (String p : read) {
            mountOf(mounts, p);
        }
        // The config volume maps each ConfigMap key to the path the config names.
        List<Map<String, Object>> volumes = cast(at(ds, "spec.template.spec.volumes"));
        Map<String, Object> config = volumes.stream().filter(v -> "config".equals(v.get("name"))).findFirst()
            .orElseThrow();
        Set<String> items = new TreeSet<>();
        Deploy.<List<Map<String, Object>>>cast(at(config, "configMap.items")).forEach(i -> items.add("/etc/peregrine/"
            + i.get("path")));
        assertTrue(items.contains("/etc/peregrine/peregrine.conf"));
        assertTrue(items.contains("/etc/peregrine/" + option(conf, "Parsers_File")));
        for (String p : read) {
            if (p.startsWith("/etc/peregrine/") && !p.startsWith("/etc/peregrine/rules.d")) {
                assertTrue(items.contains(p), p + " is named by the config but not projected from the ConfigMap");
            }
        }
        assertEquals(List.of("-c", "/etc/peregrine/peregrine.conf"), c.get("args"));
    }

    @Test
    void rbac_grantsOnlyWhatTheKubernetesFilterReads() throws IOException {
        List<Map<String, Object>> objs = objects();
        Map<String, Object> role = Deploy.find(objs, "ClusterRole", "peregrine");
        List<Map<String, Object>> rules = cast(role.get("rules"));
        boolean kubelet = "on".equalsIgnoreCase(String.valueOf(option(pipelineConfig(), "Use_Kubelet")));
        Set<String> resources = new TreeSet<>();
        for (Map<String, Object> r : rules) {
            assertEquals(List.of("get", "list", "watch"), r.get("verbs"), "read-only");
            resources.addAll(cast(r.get("resources")));
        }
        assertEquals(kubelet ? Set.of("pods", "namespaces", "nodes", "nodes/proxy") : Set.of("pods", "namespaces"),
            resources);
        Map<String, Object> binding = Deploy.find(objs, "ClusterRoleBinding", "peregrine");
        Map<String, Object> subject = Deploy.<List<Map<String, Object>>>cast(binding.get("subjects")).get(0);
        Map<String, Object> sa = Deploy.find(objs, "ServiceAccount", (String) subject.get("name"));
        assertEquals(at(sa, "metadata.namespace"), subject.get("namespace"));
        assertEquals(at(sa, "metadata.name"),
            at(Deploy.find(objs, "DaemonSet", "peregrine"), "spec.template.spec.serviceAccountName"));
        Map<String, Object> annotations = cast(at(sa, "metadata.annotations"));
        assertTrue(String.valueOf(annotations.get("eks.amazonaws.com/role-arn")).matches("arn:aws:iam::\\d{12}:role/.+"),
            "IRSA role annotation");
    }

    @Test
    void iamPolicy_allowsExactlyTheCallsOfTheOutputOnTheConfiguredLogGroups() throws IOException {
        Path file = Deploy.k8s().resolve("iam/peregrine-cloudwatch-policy.json");
        Map<String, Object> policy = new org.yaml.snakeyaml.Yaml().load(Files.readString(file)); // JSON is YAML
        assertTrue(isJson(Files.readString(file)), file + " must be strict JSON (aws iam create-policy reads it)");
        Set<String> actions = new TreeSet<>();
        Set<String> resources = new TreeSet<>();
        for (Map<String, Object> st : Deploy.<List<Map<String, Object>>>cast(policy.get("Statement"))) {
            assertEquals("Allow", st.get("Effect"));
            actions.addAll(cast(st.get("Action")));
            resources.addAll(cast(st.get("Resource")));
        }
        assertEquals(Set.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
            "logs:DescribeLogStreams", "logs:PutRetentionPolicy"), actions);
        assertFalse(resources.contains("*") || resources.contains("arn:aws:logs:*:*:*"),
            "scoped to Peregrine's log groups, not every log group of the account");
        Matcher m = Pattern.compile("(?im)^\\s*log_group_name\\s+(\\S+)").matcher(pipelineConfig());
        int groups = 0;
        while (m.find()) {
            groups++;
            String group = m.group(1);
            assertTrue(resources.stream().anyMatch(r -> globMatches(r, "arn:aws:logs:eu-west-1:111122223333:log-group:"
                + group)), "no statement covers log group " + group);
            assertTrue(resources.stream().anyMatch(r -> globMatches(r, "arn:aws:logs:eu-west-1:111122223333:log-group:"
                + group + ":log-stream:node-1")), "no statement covers the streams of " + group);
        }
        assertTrue(groups >= 2);
    }

    private static boolean globMatches(String glob, String s) {
        return s.matches(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    private static boolean isJson(String s) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(s)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.NOT_AVAILABLE) {
                    return false;
                }
            }
            return true;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return false;
        }
    }

    private static Map<String, Object> mountOf(List<Map<String, Object>> mounts, String path) {
        Map<String, Object> best = null;
        for (Map<String, Object> m : mounts) {
            String mp = (String) m.get("mountPath");
            if ((path.equals(mp) || path.startsWith(mp.endsWith("/") ? mp : mp + "/"))
                && (best == null || mp.length() > ((String) best.get("mountPath")).length())) {
                best = m;
            }
        }
        if (best == null) {
            fail(path + " (named by conf/peregrine-daemonset.conf) is not inside any volumeMount of the DaemonSet");
        }
        return best;
    }

    private static boolean isHostPath(Map<String, Object> ds, String volume) {
        List<Map<String, Object>> volumes = cast(at(ds, "spec.template.spec.volumes"));
        return volumes.stream().anyMatch(v -> volume.equals(v.get("name")) && v.containsKey("hostPath"));
    }

    /** The first value of a key in the classic config (case-insensitive, as the config reader matches keys). */
    static String option(String conf, String key) {
        Matcher m = Pattern.compile("(?im)^\\s*" + Pattern.quote(key) + "\\s+(.+?)\\s*$").matcher(conf);
        return m.find() ? m.group(1) : null;
    }
}
