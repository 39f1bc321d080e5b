package dev.peregrine.it.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode over HTTPS: pods are created through the real fabric8 client and read back
 * by the agent with plain GETs. The CRUD store does not answer {@code spec.nodeName} field selectors, so the node's
 * pod list is an expectation whose body is computed, at each request, from the pods created here for that node.
 * Writes the server's CA certificate and a bearer token to files, as a pod's service account mounts them; requests
 * without an accepted bearer token get 401.
 */
public final class KubeApiServer implements AutoCloseable {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.peregrine-it-token";
    /** One line per request otherwise; held here so the level sticks (loggers are weakly referenced). */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    /** Bearer tokens the server accepts (others get 401, as a revoked service-account token does). */
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private volatile String clientToken;
    private volatile int failStatus;
    private volatile long delayMillis;
    public final Path caFile;
    public final Path tokenFile;

    public KubeApiServer(Path dir) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        accepted.add(TOKEN);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
            new KubernetesMixedDispatcher(responses) {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String auth = request.getHeader("Authorization");
                    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
                    if (token == null || !(accepted.contains(token) || token.equals(clientToken))) {
                        return new MockResponse().setResponseCode(401).setBody("{\"kind\":\"Status\","
                            + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\","
                            + "\"reason\":\"Unauthorized\",\"code\":401}");
                    }
                    if (token.equals(clientToken)) {
                        return super.dispatch(request);
                    }
                    if (failStatus != 0) {
                        return new MockResponse().setResponseCode(failStatus).setBody("etcdserver: request timed out");
                    }
                    MockResponse answer = super.dispatch(request);
                    long delay = delayMillis;
                    return delay > 0 ? answer.setBodyDelay(delay, TimeUnit.MILLISECONDS) : answer;
                }
            }, true);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        clientToken = client.getConfiguration().getOauthToken();
        caFile = dir.resolve("ca.crt");
        Files.copy(Path.of(server.getSelfSignedCertificate().certificatePath()), caFile);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    /** From now on the API accepts only these agent tokens (the fabric8 client that feeds it keeps its own). */
    void acceptOnly(String... tokens) {
        accepted.retainAll(Set.of(tokens));
        accepted.addAll(Set.of(tokens));
    }

    /** The agent's requests get this status (0: answered normally). */
    void failWith(int status) {
        failStatus = status;
    }

    /** The agent's answers come this late. */
    void delay(long millis) {
        delayMillis = millis;
    }

    int port() {
        return server.getPort();
    }

    public String url() {
        return "https://127.0.0.1:" + port();
    }

    KubernetesMockServer server() {
        return server;
    }

    /** Answers {@code GET /api/v1/pods?fieldSelector=spec.nodeName=<node>} with the pods created for that node. */
    public void expectNodePodList(String node) {
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName=" + node)
            .andReply(200, r -> Serialization.asJson(new PodListBuilder().withNewMetadata().withResourceVersion("1")
                .endMetadata().withItems(pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList())
                .build()))
            .always();
    }

    /** A container of a pod: its name, image, and 64-hex runtime id. */
    public record Container(String name, String image, String id) {
        String imageId() {
            int colon = image.indexOf(':');
            return "docker.io/library/" + (colon < 0 ? image : image.substring(0, colon)) + "@sha256:"
                + new StringBuilder(id).reverse();
        }
    }

    /** Creates a running pod through the fabric8 client (its status set as the kubelet would) and returns it. */
    public Pod createPod(String namespace, String name, String node, Map<String, String> labels,
                  Map<String, String> annotations, String podIp, Container... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
            .withLabels(labels).withAnnotations(annotations).endMetadata();
        var spec = b.withNewSpec().withNodeName(node);
        for (Container c : containers) {
            spec.addNewContainer().withName(c.name()).withImage(c.image()).endContainer();
        }
        spec.endSpec();
        Pod created = client.pods().inNamespace(namespace).resource(b.build()).create();
        var status = new PodBuilder(created).withNewStatus().withPhase("Running").withPodIP(podIp);
        for (Container c : containers) {
            status.addNewContainerStatus().withName(c.name()).withImage(c.image()).withImageID(c.imageId())
                .withContainerID("containerd://" + c.id()).withReady(true).endContainerStatus();
        }
        Pod running = client.pods().inNamespace(namespace).resource(status.endStatus().build()).updateStatus();
        pods.add(running);
        return running;
    }

    /** Requests received so far (the fabric8 client's own included), oldest first; drains them. */
    List<RecordedRequest> takeRequests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
