package dev.peregrine.filters.kubernetes;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.parser.ParserRegistry;
import io.fabric8.mockwebserver.DefaultMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against fabric8's mock API server over HTTPS with a bearer token (expectations: it answers field-selected pod
 * lists only through them): log enrichment, Falco alert enrichment by container id, one request per pod under
 * concurrency, 404 negative caching, outage and recovery, token rotation.
 */
class KubernetesApiServerTest {
    static final String DOCKER_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String TAG = "kube.var.log.containers.web-1_shop_app-" + DOCKER_ID + ".log";

    @TempDir
    Path tmp;
    DefaultMockServer server;
    Path token;
    KubernetesFilter filter;

    @BeforeAll
    static void quiet() {
        Log.setLevel(LogLevel.OFF);
    }

    @BeforeEach
    void start() throws Exception {
        server = new DefaultMockServer(true);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        token = tmp.resolve("token");
        Files.writeString(token, "token-one\n");
    }

    @AfterEach
    void stop() {
        if (filter != null) {
            filter.stop();
        }
        server.shutdown();
    }

    static String pod(String ns, String name, String container, String id) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + ns + "\",\"uid\":\"uid-" + name + "\",\"labels\":{\"app\":\"web\",\"tier\":\"front\"},"
                + "\"annotations\":{\"team\":\"shop\"}},\"spec\":{\"nodeName\":\"node-a\",\"containers\":[{\"name\":\""
                + container + "\",\"image\":\"nginx:1.25\"}]},\"status\":{\"podIP\":\"10.1.2.3\","
                + "\"containerStatuses\":[{\"name\":\"" + container + "\",\"containerID\":\"containerd://" + id
                + "\",\"image\":\"nginx:1.25\",\"imageID\":\"docker.io/library/nginx@sha256:feed\"}]}}";
    }

    static final String KUBE = "{\"pod_name\":\"web-1\",\"namespace_name\":\"shop\",\"pod_id\":\"uid-web-1\","
            + "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"annotations\":{\"team\":\"shop\"},\"host\":\"node-a\","
            + "\"pod_ip\":\"10.1.2.3\",\"container_name\":\"app\",\"docker_id\":\"" + DOCKER_ID + "\","
            + "\"container_hash\":\"docker.io/library/nginx@sha256:feed\",\"container_image\":\"nginx:1.25\"}";

    KubernetesFilter filter(String... extra) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("Kube_URL", "https://127.0.0.1:" + server.getPort());
        if (server.getSelfSignedCertificate() != null) {
            o.put("Kube_CA_File", server.getSelfSignedCertificate().certificatePath());
        }
        o.put("Kube_Token_File", token.toString());
        o.put("Merge_Log", "On");
        o.put("Kube_Meta_Wait", "5s");
        o.put("Kube_Node_Name", "node-a");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            o.put(extra[i], extra[i + 1]);
        }
        filter = KubernetesFixtures.filter(new ParserRegistry(), o);
        return filter;
    }

    static Event record(String json) {
        return Event.of(new EventTime(1700000000, 0), FluentJsonDecoder.decodeOne(json).asMapValue());
    }

    static String json(Event e) {
        return new String(new JsonEncoder(false, false).toJson(e.body()), StandardCharsets.UTF_8);
    }

    List<String> run(String tag, String json) {
        Collector c = new Collector();
        filter.filter(tag, record(json), c);
        return c.kept.stream().map(KubernetesApiServerTest::json).toList();
    }

    void expectPod() {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/web-1")
                .andReturn(200, pod("shop", "web-1", "app", DOCKER_ID)).always();
    }

    @Test
    void logRecord_getsKubernetesMapOverHttpsWithBearerToken() throws Exception {
        expectPod();
        filter();
        List<String> out = run(TAG, "{\"log\":\"{\\\"msg\\\":\\\"hi\\\"}\\n\",\"stream\":\"stdout\"}");
        assertEquals(List.of("{\"log\":\"{\\\"msg\\\":\\\"hi\\\"}\\n\",\"stream\":\"stdout\",\"msg\":\"hi\","
                + "\"kubernetes\":" + KUBE + "}"), out);
        assertEquals("Bearer token-one", server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @Test
    void falcoAlert_isEnrichedByContainerIdFromTheNodesPodList() throws Exception {
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName=node-a")
                .andReturn(200, "{\"kind\":\"PodList\",\"items\":[" + pod("shop", "web-1", "app", DOCKER_ID) + ","
                        + pod("other", "db-0", "pg", "fedcba9876543210fedcba9876543210") + "]}").always();
        filter();
        List<String> out = run("falco", "{\"output\":\"shell\",\"priority\":\"Warning\",\"rule\":\"Terminal shell\","
                + "\"output_fields\":{\"container.id\":\"" + DOCKER_ID.substring(0, 12) + "\",\"k8s.pod.name\":null,"
                + "\"k8s.ns.name\":\"<NA>\",\"k8s.pod.labels\":null,\"k8s.pod.label[tier]\":null,"
                + "\"proc.name\":\"bash\"}}");
        assertEquals(List.of("{\"output\":\"shell\",\"priority\":\"Warning\",\"rule\":\"Terminal shell\","
                + "\"output_fields\":{\"container.id\":\"0123456789ab\",\"k8s.pod.name\":\"web-1\","
                + "\"k8s.ns.name\":\"shop\",\"k8s.pod.labels\":\"app:web, tier:front\",\"k8s.pod.label[tier]\":\"front\","
                + "\"proc.name\":\"bash\"},\"kubernetes\":" + KUBE + "}"), out);
        // the list filled the pod cache: a log record of that pod needs no request of its own
        long before = filter.cache().requests();
        assertTrue(run(TAG, "{\"log\":\"x\",\"stream\":\"stdout\"}").get(0).contains("\"pod_id\":\"uid-web-1\""));
        assertEquals(before, filter.cache().requests());
        // the Java API the falco filter can call
        var info = PodResolver.current().orElseThrow().byContainerId("fedcba987654").orElseThrow();
        assertEquals("db-0", info.podName());
        assertEquals("other", info.namespace());
        assertEquals(Map.of("app", "web", "tier", "front"), info.labels());
        // unknown container: unchanged
        String host = "{\"output_fields\":{\"container.id\":\"aaaaaaaaaaaa\",\"k8s.pod.name\":null}}";
        assertEquals(List.of(host), run("falco", host));
    }

    @Test
    void falcoAlert_nodePodListFarBiggerThanBufferSize_stillResolves() throws Exception {
        StringBuilder list = new StringBuilder("{\"kind\":\"PodList\",\"items\":[");
        for (int i = 0; i < 300; i++) {
            list.append(pod("ns-" + i % 7, "filler-" + i, "c", String.format("%064x", i + 1))).append(',');
        }
        list.append(pod("shop", "web-1", "app", DOCKER_ID)).append("]}");
        assertTrue(list.length() > 2 * 32 * 1024, "the list must exceed the default Buffer_Size (32K)");
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName=node-a")
                .andReturn(200, list.toString()).always();
        filter();
        List<String> out = run("falco", "{\"output_fields\":{\"container.id\":\"" + DOCKER_ID.substring(0, 12)
                + "\",\"k8s.pod.name\":null}}");
        assertEquals(List.of("{\"output_fields\":{\"container.id\":\"0123456789ab\",\"k8s.pod.name\":\"web-1\"},"
                + "\"kubernetes\":" + KUBE + "}"), out);
        // Buffer_Size still caps a single pod, as in Fluent Bit
        expectPod();
        filter.stop();
        filter("Buffer_Size", "200");
        assertEquals(List.of("{\"log\":\"x\",\"stream\":\"stdout\"}"), run(TAG, "{\"log\":\"x\",\"stream\":\"stdout\"}"));
    }

    @Test
    void concurrentRecords_sendOneRequestPerPod() throws Exception {
        server.expect().get().delay(300, TimeUnit.MILLISECONDS).withPath("/api/v1/namespaces/shop/pods/web-1")
                .andReturn(200, pod("shop", "web-1", "app", DOCKER_ID)).always();
        filter();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<String> outs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 25; i++) {
                    outs.addAll(run(TAG, "{\"log\":\"line\",\"stream\":\"stdout\"}"));
                }
            });
            th.start();
            threads.add(th);
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(100, outs.size());
        assertTrue(outs.stream().allMatch(s -> s.contains("\"kubernetes\":")));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void unknownPod_404IsCachedAndRecordPassesWithoutMetadata() throws Exception {
        filter();
        String rec = "{\"log\":\"{\\\"a\\\":1}\",\"stream\":\"stdout\"}";
        assertEquals(List.of("{\"log\":\"{\\\"a\\\":1}\",\"stream\":\"stdout\",\"a\":1}"), run(TAG, rec));
        assertEquals(List.of("{\"log\":\"{\\\"a\\\":1}\",\"stream\":\"stdout\",\"a\":1}"), run(TAG, rec));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void apiOutage_recordsPassThenEnrichmentResumes() throws Exception {
        // plain HTTP here: a restarted mock server would present a new self-signed certificate
        server.shutdown();
        server = new DefaultMockServer(false);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        int port = server.getPort();
        filter("Kube_Meta_Wait", "200ms", "Kube_URL", "http://127.0.0.1:" + port);
        server.shutdown();
        String rec = "{\"log\":\"plain\",\"stream\":\"stdout\"}";
        long t0 = System.nanoTime();
        assertEquals(List.of(rec), run(TAG, rec));
        assertEquals(List.of(rec), run(TAG, rec));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "filter() must not block for long");
        // the API comes back on the same address
        server = new DefaultMockServer(false);
        server.start(InetAddress.getByName("127.0.0.1"), port);
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/web-1")
                .andReturn(200, pod("shop", "web-1", "app", DOCKER_ID)).always();
        boolean resumed = false;
        for (int i = 0; i < 50 && !resumed; i++) {
            Thread.sleep(100);
            resumed = run(TAG, rec).get(0).contains("\"kubernetes\":");
        }
        assertTrue(resumed, "enrichment resumes once the API answers");
    }

    @Test
    void rotatedToken_isReadAgain() throws Exception {
        expectPod();
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/web-2")
                .andReturn(200, pod("shop", "web-2", "app", DOCKER_ID)).always();
        filter();
        assertTrue(run(TAG, "{\"log\":\"a\",\"stream\":\"stdout\"}").get(0).contains("\"kubernetes\":"));
        assertEquals("Bearer token-one", server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
        Files.writeString(token, "token-number-two\n");
        String tag2 = TAG.replace("web-1", "web-2");
        assertTrue(run(tag2, "{\"log\":\"a\",\"stream\":\"stdout\"}").get(0).contains("\"pod_name\":\"web-2\""));
        assertEquals("Bearer token-number-two", server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
    }
}
