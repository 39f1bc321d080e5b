package dev.peregrine.it.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.it.AgentProcess;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service-account tokens rotate (projected tokens about hourly): the real agent keeps enriching after the token
 * changes under it, whether it reads the token file (swapped as the kubelet swaps projected volumes) or runs
 * Kube_Token_Command (read again after Kube_Token_TTL).
 */
class KubernetesTokenRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = ("f" + "0123456789abcdef".repeat(4)).substring(0, 64);
    private static final String NEW_TOKEN = "eyJhbGciOiJSUzI1NiJ9.rotated-token-two";

    @TempDir
    Path dir;
    private KubeApiServer api;
    private Path logs;

    @BeforeEach
    void start() throws Exception {
        api = new KubeApiServer(dir);
        logs = Files.createDirectories(dir.resolve("var/log/containers"));
        for (String pod : List.of("web-1", "web-2")) {
            api.createPod("shop", pod, "node-a", Map.of("app", "web"), Map.of(), "10.1.2.3",
                new KubeApiServer.Container("app", "nginx:1.25", ID));
        }
        api.takeRequests();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String config(String tokenOptions) {
        return "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Log_Level info\n\n"
            + "[INPUT]\n    Name tail\n    Tag kube.*\n    Path " + logs + "/*.log\n    multiline.parser docker, cri\n"
            + "    Read_From_Head On\n    Refresh_Interval 1\n\n"
            + "[FILTER]\n    Name kubernetes\n    Match kube.*\n    Kube_URL " + api.url() + "\n"
            + "    Kube_CA_File " + api.caFile + "\n" + tokenOptions
            + "    Kube_Tag_Prefix kube." + logs.toString().substring(1).replace('/', '.') + ".\n"
            + "    Kube_Meta_Wait 10s\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines\n    Json_Date_Key false\n";
    }

    private void log(String pod, String line) throws IOException {
        Files.writeString(logs.resolve(pod + "_shop_app-" + ID + ".log"), "{\"log\":\"" + line
            + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T05:00:00.000000000Z\"}\n");
    }

    private static List<Map<String, Object>> records(AgentProcess agent) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String l : new String(agent.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (l.endsWith("}")) {
                out.add(JSON.readValue(l, new TypeReference<LinkedHashMap<String, Object>>() { }));
            }
        }
        return out;
    }

    private static List<Map<String, Object>> awaitRecords(AgentProcess agent, int n) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (true) {
            List<Map<String, Object>> r = records(agent);
            if (r.size() >= n) {
                return r;
            }
            if (System.currentTimeMillis() > end || !agent.process().isAlive()) {
                throw new AssertionError("waiting for " + n + " records: " + r + "\n" + agent.stderr());
            }
            Thread.sleep(100);
        }
    }

    /** The agent's requests for a pod, with the token each carried and the answer it got. */
    private Map<String, List<String>> tokensByPath() throws InterruptedException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RecordedRequest r : api.takeRequests()) {
            String ua = r.getHeader("User-Agent");
            if (ua != null && ua.startsWith("fabric8-kubernetes-client")) {
                continue;
            }
            out.computeIfAbsent(r.getPath(), k -> new ArrayList<>()).add(r.getHeader("Authorization"));
        }
        return out;
    }

    private static void assertEnriched(Map<String, Object> record, String pod) {
        assertTrue(record.containsKey("kubernetes"), record.toString());
        assertEquals(pod, ((Map<?, ?>) record.get("kubernetes")).get("pod_name"));
    }

    /** kubelet's projected volume: {@code token -> ..data/token}, {@code ..data -> ..<timestamp>}, swapped atomically. */
    private Path projected(String token) throws IOException {
        Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
        swap(sa, "..2026_11_28_05_00_00.1", token);
        Files.createSymbolicLink(sa.resolve("token"), Path.of("..data/token"));
        return sa;
    }

    private static void swap(Path sa, String version, String token) throws IOException {
        Files.createDirectories(sa.resolve(version));
        Files.writeString(sa.resolve(version).resolve("token"), token + "\n");
        Path tmp = sa.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, Path.of(version));
        Files.move(tmp, sa.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void projectedTokenFileSwapped_oldTokenRevoked_enrichmentGoesOnWithTheNewToken() throws Exception {
        Path sa = projected(KubeApiServer.TOKEN);
        try (AgentProcess agent = AgentProcess.start(dir, List.of("-c", write(config("    Kube_Token_File "
            + sa.resolve("token") + "\n"))), Map.of(), List.of())) {
            log("web-1", "before rotation");
            assertEnriched(awaitRecords(agent, 1).get(0), "web-1");

            swap(sa, "..2026_11_28_06_00_00.2", NEW_TOKEN);
            api.acceptOnly(NEW_TOKEN);
            log("web-2", "after rotation");
            assertEnriched(awaitRecords(agent, 2).get(1), "web-2");
            agent.terminate();
            assertTrue(agent.waitFor(30_000));
        }
        Map<String, List<String>> sent = tokensByPath();
        assertEquals(List.of("Bearer " + KubeApiServer.TOKEN), sent.get("/api/v1/namespaces/shop/pods/web-1"));
        // the changed file is read before the next request: the revoked token is not even tried
        assertEquals(List.of("Bearer " + NEW_TOKEN), sent.get("/api/v1/namespaces/shop/pods/web-2"));
    }

    @Test
    void tokenCommand_runAgainAfterKubeTokenTtl() throws Exception {
        Path source = dir.resolve("token-source");
        Files.writeString(source, KubeApiServer.TOKEN + "\n");
        try (AgentProcess agent = AgentProcess.start(dir, List.of("-c", write(config("    Kube_Token_Command cat "
            + source + "\n    Kube_Token_TTL 1s\n"))), Map.of(), List.of())) {
            log("web-1", "before rotation");
            assertEnriched(awaitRecords(agent, 1).get(0), "web-1");
            // both tokens stay valid: only the TTL makes the agent run the command again (no 401 to react to)
            api.acceptOnly(KubeApiServer.TOKEN, NEW_TOKEN);
            Files.writeString(source, NEW_TOKEN + "\n");
            Thread.sleep(1500);
            log("web-2", "after rotation");
            assertEnriched(awaitRecords(agent, 2).get(1), "web-2");
            agent.terminate();
            assertTrue(agent.waitFor(30_000));
            assertFalse(agent.stderr().contains("failed to run command"), agent.stderr());
        }
        Map<String, List<String>> sent = tokensByPath();
        assertEquals(List.of("Bearer " + KubeApiServer.TOKEN), sent.get("/api/v1/namespaces/shop/pods/web-1"));
        assertEquals(List.of("Bearer " + NEW_TOKEN), sent.get("/api/v1/namespaces/shop/pods/web-2"));
    }

    private String write(String conf) throws IOException {
        Path p = dir.resolve("agent.conf");
        Files.writeString(p, conf);
        return p.toString();
    }
}
