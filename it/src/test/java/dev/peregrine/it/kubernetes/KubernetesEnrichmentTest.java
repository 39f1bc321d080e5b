package dev.peregrine.it.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.it.AgentProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent against fabric8's mock API server (CRUD mode, HTTPS, bearer token from a file, CA from a file):
 * container logs tailed from files named as the kubelet names them, Falco-shaped alerts resolved by container id
 * through the node's pod list, and an API outage in the middle of a log stream.
 */
class KubernetesEnrichmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB_ID = hex('a');
    private static final String API_SERVER_ID = hex('b');
    private static final String API_ENVOY_ID = hex('c');
    private static final String GHOST_ID = hex('d');
    private static final Map<String, String> WEB_LABELS = labels("app", "web", "tier", "front");

    @TempDir
    Path dir;
    private KubeApiServer api;
    private Path logs;

    @BeforeEach
    void start() throws Exception {
        api = new KubeApiServer(dir);
        logs = Files.createDirectories(dir.resolve("var/log/containers"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** 64 hex characters starting with {@code c}, as a container runtime id. */
    private static String hex(char c) {
        return (c + "0123456789abcdef".repeat(4)).substring(0, 64);
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private Pod web(String name) {
        return api.createPod("shop", name, "node-a", WEB_LABELS, labels("team", "shop"), "10.1.2.3",
            new KubeApiServer.Container("app", "nginx:1.25", WEB_ID));
    }

    /** The tail input's tag for a file under {@link #logs}: {@code kube.} plus its path with dots. */
    private String tagPrefix() {
        return "kube." + logs.toString().substring(1).replace('/', '.') + ".";
    }

    private String tailConfig(String kubeUrl, String extraFilter) {
        return "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n\n"
            + "[INPUT]\n    Name tail\n    Tag kube.*\n    Path " + logs + "/*.log\n    multiline.parser docker, cri\n"
            + "    Read_From_Head On\n    Refresh_Interval 1\n\n"
            + "[FILTER]\n    Name kubernetes\n    Match kube.*\n    Kube_URL " + kubeUrl + "\n"
            + "    Kube_CA_File " + api.caFile + "\n    Kube_Token_File " + api.tokenFile + "\n"
            + "    Kube_Tag_Prefix " + tagPrefix() + "\n    Merge_Log On\n" + extraFilter
            + "\n[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n    Json_Date_Key false\n";
    }

    private static String dockerLine(String log, String stream) throws IOException {
        return JSON.writeValueAsString(labels("log", log + "\n", "stream", stream, "time",
            "2026-11-28T05:00:00.000000000Z")) + "\n";
    }

    private void append(String file, String... lines) throws IOException {
        Files.writeString(logs.resolve(file), String.join("", lines), StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    }

    private AgentProcess agent(String conf, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("agent.conf"), conf);
        return AgentProcess.start(dir, List.of("-c", dir.resolve("agent.conf").toString()), env, List.of());
    }

    private static List<Map<String, Object>> records(AgentProcess agent) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        String text = new String(agent.stdout(), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String l : text.substring(0, end).split("\n")) {
            out.add(JSON.readValue(l, new TypeReference<LinkedHashMap<String, Object>>() { }));
        }
        return out;
    }

    /** Waits (at most 60 s, the agent alive) until the records printed so far satisfy {@code done}. */
    private static List<Map<String, Object>> await(AgentProcess agent, String what,
                                                   Predicate<List<Map<String, Object>>> done) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (true) {
            List<Map<String, Object>> r = records(agent);
            if (done.test(r)) {
                return r;
            }
            if (System.currentTimeMillis() > end || !agent.process().isAlive()) {
                throw new AssertionError("waiting for " + what + "; records so far:\n" + r + "\nagent log:\n"
                    + agent.stderr());
            }
            Thread.sleep(100);
        }
    }

    private static List<Map<String, Object>> stopped(AgentProcess agent) throws Exception {
        agent.terminate();
        assertTrue(agent.waitFor(30_000), "agent did not stop");
        return records(agent);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kubernetes(Map<String, Object> record) {
        return (Map<String, Object>) record.get("kubernetes");
    }

    /** Fluent Bit's kubernetes map for a container of a pod, keys in its order. */
    private static Map<String, Object> expectedMeta(Pod pod, String container, String dockerId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pod_name", pod.getMetadata().getName());
        m.put("namespace_name", pod.getMetadata().getNamespace());
        m.put("pod_id", pod.getMetadata().getUid());
        // fabric8's model leaves empty maps out of the JSON: the API object then has no such key
        if (!pod.getMetadata().getLabels().isEmpty()) {
            m.put("labels", pod.getMetadata().getLabels());
        }
        if (!pod.getMetadata().getAnnotations().isEmpty()) {
            m.put("annotations", pod.getMetadata().getAnnotations());
        }
        m.put("host", pod.getSpec().getNodeName());
        m.put("pod_ip", pod.getStatus().getPodIP());
        m.put("container_name", container);
        m.put("docker_id", dockerId);
        var status = pod.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container))
            .findFirst().orElseThrow();
        m.put("container_hash", status.getImageID());
        m.put("container_image", status.getImage());
        return m;
    }

    private static void assertMeta(Map<String, Object> want, Map<String, Object> record) {
        Map<String, Object> got = kubernetes(record);
        assertEquals(want, got, "kubernetes map of " + record);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), "key order");
    }

    /**
     * The agent's requests (those of the fabric8 client that feeds the server left out): every one carried the
     * bearer token from the token file; returns their paths.
     */
    private List<String> agentRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (RecordedRequest r : api.takeRequests()) {
            String agent = r.getHeader("User-Agent");
            if (agent != null && agent.startsWith("fabric8-kubernetes-client")) {
                continue;
            }
            assertEquals("Bearer " + KubeApiServer.TOKEN, r.getHeader("Authorization"), r.getPath());
            paths.add(r.getPath());
        }
        return paths;
    }

    @Test
    void tailedContainerLogs_carryTheirPodsMetadata_oneApiRequestPerPod() throws Exception {
        Pod web = web("web-1");
        Pod apiPod = api.createPod("payments", "api-5c9d7b-xk2lp", "node-a", labels("app", "api"),
            labels("prometheus.io/scrape", "true"), "10.1.2.4",
            new KubeApiServer.Container("server", "payments-api:2.3", API_SERVER_ID),
            new KubeApiServer.Container("envoy", "envoy:v1.30", API_ENVOY_ID));
        api.takeRequests(); // the fabric8 client's own
        append("web-1_shop_app-" + WEB_ID + ".log",
            dockerLine("{\"level\":\"info\",\"msg\":\"order placed\",\"order\":42}", "stdout"),
            dockerLine("plain text on stderr", "stderr"));
        append("api-5c9d7b-xk2lp_payments_server-" + API_SERVER_ID + ".log", dockerLine("served /pay", "stdout"));
        append("api-5c9d7b-xk2lp_payments_envoy-" + API_ENVOY_ID + ".log", dockerLine("upstream ok", "stdout"));
        append("ghost-0_shop_app-" + GHOST_ID + ".log", dockerLine("{\"orphan\":true}", "stdout"));

        List<Map<String, Object>> out;
        try (AgentProcess agent = agent(tailConfig(api.url(), "    Kube_Meta_Wait 10s\n"), Map.of())) {
            await(agent, "5 records", r -> r.size() >= 5);
            out = stopped(agent);
        }
        assertEquals(5, out.size(), out.toString());
        Map<String, Map<String, Object>> byLog = new LinkedHashMap<>();
        out.forEach(r -> byLog.put((String) r.get("log"), r));

        Map<String, Object> merged = byLog.get("{\"level\":\"info\",\"msg\":\"order placed\",\"order\":42}\n");
        assertEquals("info", merged.get("level"));
        assertEquals("order placed", merged.get("msg"));
        assertEquals(42, merged.get("order"));
        assertMeta(expectedMeta(web, "app", WEB_ID), merged);
        assertMeta(expectedMeta(web, "app", WEB_ID), byLog.get("plain text on stderr\n"));
        assertEquals("stderr", byLog.get("plain text on stderr\n").get("stream"));
        assertMeta(expectedMeta(apiPod, "server", API_SERVER_ID), byLog.get("served /pay\n"));
        assertMeta(expectedMeta(apiPod, "envoy", API_ENVOY_ID), byLog.get("upstream ok\n"));
        // a pod the API does not know (404): the record passes, merged, without a kubernetes map
        Map<String, Object> orphan = byLog.get("{\"orphan\":true}\n");
        assertEquals(true, orphan.get("orphan"));
        assertFalse(orphan.containsKey("kubernetes"), orphan.toString());

        List<String> paths = agentRequests();
        assertEquals(List.of("/api/v1/namespaces/payments/pods/api-5c9d7b-xk2lp",
            "/api/v1/namespaces/shop/pods/ghost-0", "/api/v1/namespaces/shop/pods/web-1"),
            paths.stream().sorted().toList(), "one request per pod, however many records and containers");
    }

    private static String alert(String containerId, String rule) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("container.id", containerId);
        fields.put("k8s.ns.name", null);
        fields.put("k8s.pod.name", null);
        fields.put("k8s.pod.labels", null);
        fields.put("k8s.pod.label[tier]", "<NA>");
        fields.put("proc.cmdline", "bash -i");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("hostname", "node-a");
        a.put("output", "05:00:00.000000000: Notice A shell was spawned in a container (container_id="
            + containerId + " k8s_pod_name=<NA>)");
        a.put("output_fields", fields);
        a.put("priority", "Notice");
        a.put("rule", rule);
        a.put("source", "syscall");
        a.put("tags", List.of("container", "shell"));
        a.put("time", "2026-11-28T05:00:00.000000000Z");
        return JSON.writeValueAsString(a);
    }

    private static String dummy(String tag, String json, int samples) {
        return "[INPUT]\n    Name dummy\n    Tag " + tag + "\n    Samples " + samples + "\n    Rate 2\n    Dummy "
            + json + "\n\n";
    }

    @Test
    @SuppressWarnings("unchecked")
    void falcoAlerts_getTheirPodByContainerId_fromTheNodesPodList_refreshedOnAMiss() throws Exception {
        Pod web = web("web-1");
        Pod db = api.createPod("data", "db-0", "node-a", labels("app", "postgres", "tier", "storage"), Map.of(),
            "10.1.2.9", new KubeApiServer.Container("pg", "postgres:16", hex('e')));
        api.createPod("data", "cache-0", "node-b", labels("app", "redis"), Map.of(), "10.1.3.1",
            new KubeApiServer.Container("redis", "redis:7", hex('f')));
        api.expectNodePodList("node-a");
        api.takeRequests();
        String lateId = hex('9');
        String conf = "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n\n"
            + dummy("falco.web", alert(WEB_ID.substring(0, 12), "Terminal shell in container"), 1)
            + dummy("falco.db", alert(hex('e').substring(0, 12), "Read sensitive file untrusted"), 1)
            + dummy("falco.otherNode", alert(hex('f').substring(0, 12), "Other node"), 1)
            + dummy("falco.host", alert("host", "Host shell"), 1)
            + dummy("falco.late", alert(lateId.substring(0, 12), "Late pod"), 0)
            + "[FILTER]\n    Name kubernetes\n    Match falco.*\n    Kube_URL " + api.url() + "\n"
            + "    Kube_CA_File " + api.caFile + "\n    Kube_Token_File " + api.tokenFile
            + "\n    Kube_Meta_Wait 10s\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n    Json_Date_Key false\n";
        Predicate<Map<String, Object>> late = r -> "Late pod".equals(r.get("rule"));
        Pod latePod;
        List<Map<String, Object>> out;
        // NODE_NAME as the DaemonSet sets it from spec.nodeName
        try (AgentProcess agent = agent(conf, Map.of("NODE_NAME", "node-a"))) {
            await(agent, "the first alerts and one of the late pod", r -> r.size() >= 5
                && r.stream().anyMatch(late));
            // the container starts in a pod the node list did not have: a miss refreshes the list
            latePod = api.createPod("shop", "late-0", "node-a", labels("app", "late"), Map.of(), "10.1.2.10",
                new KubeApiServer.Container("job", "busybox:1.36", lateId));
            await(agent, "a late-pod alert with pod context",
                r -> r.stream().anyMatch(a -> late.test(a) && a.containsKey("kubernetes")));
            out = stopped(agent);
        }
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        out.forEach(r -> byRule.putIfAbsent((String) r.get("rule"), r));

        Map<String, Object> shell = byRule.get("Terminal shell in container");
        Map<String, Object> fields = (Map<String, Object>) shell.get("output_fields");
        assertEquals("shop", fields.get("k8s.ns.name"));
        assertEquals("web-1", fields.get("k8s.pod.name"));
        assertEquals("app:web, tier:front", fields.get("k8s.pod.labels"));
        assertEquals("front", fields.get("k8s.pod.label[tier]"));
        assertEquals("bash -i", fields.get("proc.cmdline"));
        assertEquals(List.of("hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time",
            "kubernetes"), List.copyOf(shell.keySet()));
        // docker_id: the full id, from the pod's container status
        assertMeta(expectedMeta(web, "app", WEB_ID), shell);

        Map<String, Object> dbAlert = byRule.get("Read sensitive file untrusted");
        assertEquals("db-0", ((Map<String, Object>) dbAlert.get("output_fields")).get("k8s.pod.name"));
        assertEquals("storage", ((Map<String, Object>) dbAlert.get("output_fields")).get("k8s.pod.label[tier]"));
        assertMeta(expectedMeta(db, "pg", hex('e')), dbAlert);

        // a pod on another node, and the host: unchanged
        for (String rule : List.of("Other node", "Host shell")) {
            Map<String, Object> a = byRule.get(rule);
            assertNull(((Map<String, Object>) a.get("output_fields")).get("k8s.pod.name"), a.toString());
            assertFalse(a.containsKey("kubernetes"), a.toString());
        }
        // the late pod's alerts: unchanged while unknown, then enriched; all of them delivered
        List<Map<String, Object>> lates = out.stream().filter(late).toList();
        assertFalse(lates.get(0).containsKey("kubernetes"), lates.get(0).toString());
        Map<String, Object> enriched = lates.stream().filter(a -> a.containsKey("kubernetes")).findFirst()
            .orElseThrow();
        assertMeta(expectedMeta(latePod, "job", lateId), enriched);
        assertEquals("late-0", ((Map<String, Object>) enriched.get("output_fields")).get("k8s.pod.name"));

        // only the node's pod list was read: each listed pod filled the cache, no per-pod request
        List<String> paths = agentRequests();
        assertFalse(paths.isEmpty());
        assertTrue(paths.stream().allMatch("/api/v1/pods?fieldSelector=spec.nodeName=node-a"::equals),
            paths.toString());
    }

    private static final Pattern SEQ = Pattern.compile("seq-(\\d+)");

    @Test
    void apiOutage_recordsPassWithoutMetadata_errorLoggedOnce_enrichmentResumes_nothingLost() throws Exception {
        Pod web1 = web("web-1");
        Pod web2 = web("web-2");
        api.takeRequests();
        int seq = 0;
        try (TcpRelay relay = new TcpRelay(api.port());
             AgentProcess agent = agent(tailConfig("https://127.0.0.1:" + relay.port(),
                 "    Kube_Meta_Wait 10s\n"), Map.of())) {
            String f1 = "web-1_shop_app-" + WEB_ID + ".log";
            String f2 = "web-2_shop_app-" + WEB_ID + ".log";
            append(f1, dockerLine("seq-" + ++seq, "stdout"));
            await(agent, "web-1's first record, enriched", r -> r.size() == 1 && r.get(0).containsKey("kubernetes"));

            relay.stop();
            // web-2's log appears while the API is down: its records pass without metadata, over several lookups
            for (int wave = 0; wave < 3; wave++) {
                append(f2, dockerLine("seq-" + ++seq, "stdout"), dockerLine("seq-" + ++seq, "stderr"));
                append(f1, dockerLine("seq-" + ++seq, "stdout"));
                int n = seq;
                await(agent, n + " records", r -> r.size() == n);
                Thread.sleep(1200); // past the failure back-off, so the next wave asks the API again
            }
            List<Map<String, Object>> during = records(agent);
            for (Map<String, Object> r : during.subList(1, during.size())) {
                boolean fromWeb1 = r.containsKey("kubernetes") && "web-1".equals(kubernetes(r).get("pod_name"));
                // web-1 is cached: its records keep their metadata through the outage
                assertTrue(fromWeb1 || !r.containsKey("kubernetes"), r.toString());
            }
            assertEquals(6, during.stream().filter(r -> !r.containsKey("kubernetes")).count(), during.toString());

            relay.start();
            // web-2's records get their metadata again once a lookup after the back-off reaches the API
            for (int i = 0; i < 50; i++) {
                append(f2, dockerLine("seq-" + ++seq, "stdout"));
                int n = seq;
                List<Map<String, Object>> r = await(agent, n + " records", x -> x.size() == n);
                if (r.get(n - 1).containsKey("kubernetes")) {
                    break;
                }
                Thread.sleep(300);
            }
            List<Map<String, Object>> out = stopped(agent);
            Map<String, Object> last = out.get(out.size() - 1);
            assertTrue(last.containsKey("kubernetes"), "enrichment resumed: " + last);
            assertMeta(expectedMeta(web2, "app", WEB_ID), last);
            assertMeta(expectedMeta(web1, "app", WEB_ID), out.get(0));

            // nothing lost, nothing repeated
            int[] seen = new int[seq + 1];
            for (Map<String, Object> r : out) {
                Matcher m = SEQ.matcher((String) r.get("log"));
                assertTrue(m.find(), r.toString());
                seen[Integer.parseInt(m.group(1))]++;
            }
            for (int i = 1; i <= seq; i++) {
                assertEquals(1, seen[i], "seq-" + i);
            }
            assertEquals(seq, out.size());

            String log = agent.stderr();
            assertEquals(1, count(log, "[error] [filter:kubernetes:kubernetes.0] kube api request failed"), log);
            assertEquals(1, count(log, "kube api reachable again"), log);
        }
    }

    @Test
    void apiAnswering500ThenSlow_recordsPassUnenriched_oneRequestWhileSlow_thenEnriched_nothingLost()
        throws Exception {
        Pod web1 = web("web-1");
        api.takeRequests();
        String file = "web-1_shop_app-" + WEB_ID + ".log";
        int seq = 0;
        api.failWith(500);
        try (AgentProcess agent = agent(tailConfig(api.url(), "    Kube_Meta_Wait 200ms\n"), Map.of())) {
            for (int i = 0; i < 3; i++) {
                append(file, dockerLine("seq-" + ++seq, "stdout"));
            }
            await(agent, "3 records", r -> r.size() == 3);
            assertTrue(records(agent).stream().noneMatch(r -> r.containsKey("kubernetes")));
            // the lookup may outlive Kube_Meta_Wait: its 500 is in once the error is logged
            long end = System.currentTimeMillis() + 30_000;
            while (!agent.stderr().contains("kube api request failed") && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }

            // no record is pending, so no lookup either: the API now answers, 3 s late
            api.failWith(0);
            api.delay(3000);
            api.takeRequests();
            Thread.sleep(1200); // past the failure back-off
            boolean enriched = false;
            for (int i = 0; i < 200 && !enriched; i++) {
                append(file, dockerLine("seq-" + ++seq, "stdout"));
                int n = seq;
                enriched = await(agent, n + " records", r -> r.size() == n).get(n - 1).containsKey("kubernetes");
                Thread.sleep(100);
            }
            List<Map<String, Object>> out = stopped(agent);
            assertTrue(enriched, "enrichment after the slow answer");
            assertMeta(expectedMeta(web1, "app", WEB_ID), out.get(out.size() - 1));
            int waited = (int) out.stream().skip(3).filter(r -> !r.containsKey("kubernetes")).count();
            assertTrue(waited >= 2, "records went on while the API was slow: " + waited);
            // however many records waited, one request was in flight for the pod
            assertEquals(List.of("/api/v1/namespaces/shop/pods/web-1"), agentRequests());

            int[] seen = new int[seq + 1];
            for (Map<String, Object> r : out) {
                Matcher m = SEQ.matcher((String) r.get("log"));
                assertTrue(m.find(), r.toString());
                seen[Integer.parseInt(m.group(1))]++;
            }
            for (int i = 1; i <= seq; i++) {
                assertEquals(1, seen[i], "seq-" + i);
            }
            String log = agent.stderr();
            assertEquals(1, count(log, "kube api request failed"), log);
            assertTrue(log.contains("HTTP status 500"), log);
            assertEquals(1, count(log, "kube api reachable again"), log);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
