package dev.peregrine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.peregrine.filters.kubernetes.KubernetesFilter;
import dev.peregrine.filters.kubernetes.KubernetesFilterFactory;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Question: how many metadata lookups per second does the kubernetes filter do once its cache is warm, for container
 * logs (tag to pod, then the {@code kubernetes} map, with Merge_Log) and for Falco alerts (container id to pod
 * through the node's pod list), and how many API requests does it send per 1M records?
 *
 * <p>Data: 100 pods in 10 namespaces on one node; a third have one container, a third two (plus istio-proxy), a
 * third three (plus a log shipper). Records are skewed as on a real node: pods by a Zipf law (s = 1.1: the 10
 * chattiest pods write ~63% of the lines), and within a pod the main container writes 80%,
 * istio-proxy 15%, the shipper 5%. Log lines: 60% JSON (merged), 40% plain text; 80% stdout. A pool of
 * {@value #RECORDS} records is cycled. The API is an in-process HTTP server on loopback that serves the pods and
 * the node's pod list and counts requests.
 *
 * <p>Each operation is one record through {@code filter()}, so ops/s is lookups per second with a warm cache (the
 * pool is run through once in setup). At the end of each trial the API requests are printed per 1M records (setup
 * and warm-up included): with no cache TTL they stay at one per pod (or one pod list), whatever the record count.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * KubernetesMeta}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KubernetesMetaBenchmark {
    private static final int PODS = 100;
    private static final int RECORDS = 1 << 14;
    private static final double ZIPF_S = 1.1;
    private static final String NODE = "node-1";
    private static final String[] SIDECARS = {"main", "istio-proxy", "log-shipper"};
    private static final int[] CONTAINER_WEIGHTS = {80, 15, 5};

    private HttpServer api;
    private final AtomicLong podRequests = new AtomicLong();
    private final AtomicLong listRequests = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private KubernetesFilter filter;
    private String[] tags;
    private Event[] events;
    private int next;
    private String mode;
    private double top10Share;
    private int distinctContainers;
    private Filter.FilterOutput out;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws Exception {
        Log.setLevel(LogLevel.OFF);
        // without it the JDK's server delays small responses by ~40 ms (Nagle against delayed ACKs)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        mode = params.getBenchmark().endsWith("alertRecord") ? "alerts" : "logs";
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/namespaces/", ex -> {
            podRequests.incrementAndGet();
            String[] p = ex.getRequestURI().getPath().split("/");
            respond(ex, pod(Integer.parseInt(p[6].substring(4, p[6].indexOf('-', 4)))));
        });
        api.createContext("/api/v1/pods", ex -> {
            listRequests.incrementAndGet();
            StringBuilder b = new StringBuilder("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[");
            for (int i = 0; i < PODS; i++) {
                b.append(i == 0 ? "" : ",").append(pod(i));
            }
            respond(ex, b.append("]}").toString());
        });
        api.start();
        KubernetesFilterFactory factory = new KubernetesFilterFactory();
        Section s = new Section("filter", new Location("bench", 1));
        s.add("kube_url", "http://127.0.0.1:" + api.getAddress().getPort(), new Location("bench", 2));
        s.add("merge_log", "on", new Location("bench", 3));
        s.add("kube_token_file", "/nonexistent", new Location("bench", 4));
        s.add("kube_meta_wait", "2s", new Location("bench", 5));
        s.add("kube_node_name", NODE, new Location("bench", 6));
        List<ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(factory, s, new Env(Map.of(), k -> null), errors);
        filter = (KubernetesFilter) factory.create(new Ctx(o));

        double[] podCdf = new double[PODS];
        double sum = 0;
        for (int k = 0; k < PODS; k++) {
            sum += 1 / Math.pow(k + 1, ZIPF_S);
            podCdf[k] = sum;
        }
        SplittableRandom rnd = new SplittableRandom(42);
        tags = new String[RECORDS];
        events = new Event[RECORDS];
        int top10 = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            double u = rnd.nextDouble() * sum;
            int pod = 0;
            while (podCdf[pod] < u) {
                pod++;
            }
            top10 += pod < 10 ? 1 : 0;
            String container = container(pod, rnd.nextInt(100));
            seen.add(pod + "/" + container);
            if (mode.equals("alerts")) {
                tags[i] = "falco.alerts";
                events[i] = alert(containerId(pod, container), rnd);
            } else {
                tags[i] = "kube.var.log.containers." + podName(pod) + "_" + namespace(pod) + "_" + container + "-"
                        + containerId(pod, container) + ".log";
                events[i] = logLine(rnd);
            }
        }
        top10Share = top10 * 100.0 / RECORDS;
        distinctContainers = seen.size();
        // the question is the warm cache: every pod is looked up once before JMH's warm-up (each first lookup
        // waits for the API; the records of the Zipf tail would otherwise meet a cold pod for seconds)
        Filter.FilterOutput ignore = new Filter.FilterOutput() {
            @Override
            public void keep(Event event) {
            }

            @Override
            public void emit(String tag, Event event) {
            }
        };
        for (int i = 0; i < RECORDS; i++) {
            records.incrementAndGet();
            filter.filter(tags[i], events[i], ignore);
        }
    }

    private static void respond(HttpExchange ex, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private static int containers(int pod) {
        return 1 + pod % 3;
    }

    /** The main container 80%, istio-proxy 15%, the shipper 5%, among those the pod has. */
    private static String container(int pod, int percent) {
        int n = containers(pod);
        int total = 0;
        for (int c = 0; c < n; c++) {
            total += CONTAINER_WEIGHTS[c];
        }
        int x = percent * total / 100;
        for (int c = 0; c < n; c++) {
            x -= CONTAINER_WEIGHTS[c];
            if (x < 0) {
                return SIDECARS[c];
            }
        }
        return SIDECARS[n - 1];
    }

    private static String podName(int pod) {
        return "app-" + pod + "-7d9f8c6b5-x" + Integer.toString(pod * 7919, 36);
    }

    private static String namespace(int pod) {
        return "ns-" + pod % 10;
    }

    /** 64 hex characters, distinct in the first 12 (the short id Falco prints). */
    private static String containerId(int pod, String container) {
        long h = (pod * 31L + container.hashCode()) * 0x9E3779B97F4A7C15L;
        return String.format("%016x%048x", h, pod);
    }

    private static Event logLine(SplittableRandom rnd) {
        String log = rnd.nextInt(10) < 6
                ? "{\"level\":\"info\",\"msg\":\"request served\",\"status\":200,\"latency_ms\":" + rnd.nextInt(500)
                + ",\"path\":\"/api/v2/orders\"}\n"
                : "10.0.3.7 - - [01/May/2024:10:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 " + rnd.nextInt(10000)
                + "\n";
        MapValue body = ValueFactory.newMap(ValueFactory.newString("log"), ValueFactory.newString(log),
                ValueFactory.newString("stream"), ValueFactory.newString(rnd.nextInt(10) < 8 ? "stdout" : "stderr"),
                ValueFactory.newString("time"), ValueFactory.newString("2024-05-01T10:00:00.000000000Z"));
        return Event.of(new EventTime(1714557600, 0), body);
    }

    /** Shaped like the falco filter's alerts (AlertBody): k8s.* fields unresolved. */
    private static Event alert(String containerId, SplittableRandom rnd) {
        MapValue fields = ValueFactory.newMap(
                ValueFactory.newString("container.id"), ValueFactory.newString(containerId.substring(0, 12)),
                ValueFactory.newString("k8s.ns.name"), ValueFactory.newNil(),
                ValueFactory.newString("k8s.pod.name"), ValueFactory.newNil(),
                ValueFactory.newString("proc.cmdline"), ValueFactory.newString("sh -c id " + rnd.nextInt(1000)));
        MapValue body = ValueFactory.newMap(
                ValueFactory.newString("hostname"), ValueFactory.newString(NODE),
                ValueFactory.newString("output"), ValueFactory.newString("10:00:00.000000000: Notice A shell was "
                        + "spawned in a container (container_id=" + containerId.substring(0, 12) + ")"),
                ValueFactory.newString("output_fields"), fields,
                ValueFactory.newString("priority"), ValueFactory.newString("Notice"),
                ValueFactory.newString("rule"), ValueFactory.newString("Terminal shell in container"),
                ValueFactory.newString("source"), ValueFactory.newString("syscall"),
                ValueFactory.newString("time"), ValueFactory.newString("2024-05-01T10:00:00.000000000Z"));
        return Event.of(new EventTime(1714557600, 0), body);
    }

    /** A pod as the API returns it: labels, annotations, owner, and one status per container. */
    static String pod(int pod) {
        StringBuilder specs = new StringBuilder();
        StringBuilder statuses = new StringBuilder();
        for (int c = 0; c < containers(pod); c++) {
            String name = SIDECARS[c];
            String image = c == 0 ? "registry.example/team/app-" + pod + ":1." + pod % 7
                    : c == 1 ? "docker.io/istio/proxyv2:1.22.1" : "fluent/fluent-bit:3.1";
            specs.append(c == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"image\":\"")
                    .append(image).append("\"}");
            statuses.append(c == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"ready\":true,")
                    .append("\"restartCount\":0,\"image\":\"").append(image).append("\",\"imageID\":\"")
                    .append(image.replaceFirst(":[^:/]+$", "")).append("@sha256:")
                    .append(String.format("%064x", (long) image.hashCode() & 0xffffffffL))
                    .append("\",\"containerID\":\"containerd://").append(containerId(pod, name)).append("\"}");
        }
        String name = podName(pod);
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace(pod) + "\",\"uid\":\"" + String.format("%08x-0000-4000-8000-%012x", pod, pod)
                + "\",\"resourceVersion\":\"" + (1000 + pod) + "\",\"labels\":{\"app\":\"app-" + pod
                + "\",\"pod-template-hash\":\"7d9f8c6b5\",\"version\":\"v1\",\"team\":\"team-" + pod % 4
                + "\"},\"annotations\":{\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9090\","
                + "\"kubectl.kubernetes.io/restartedAt\":\"2024-05-01T09:00:00Z\"},\"ownerReferences\":[{"
                + "\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"app-" + pod + "-7d9f8c6b5\","
                + "\"uid\":\"rs-" + pod + "\",\"controller\":true}]},\"spec\":{\"nodeName\":\"" + NODE
                + "\",\"containers\":[" + specs + "]},\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0."
                + pod / 250 + "." + pod % 250 + "\",\"containerStatuses\":[" + statuses + "]}}";
    }

    private Filter.FilterOutput sink(Blackhole bh) {
        if (out != null) {
            return out;
        }
        return out = new Filter.FilterOutput() {
            @Override
            public void keep(Event event) {
                bh.consume(event);
            }

            @Override
            public void emit(String tag, Event event) {
            }
        };
    }

    /** One container log line: tag to pod, cached pod to the kubernetes map, Merge_Log. */
    @Benchmark
    public void logRecord(Blackhole bh) {
        int i = next++ & (RECORDS - 1);
        records.incrementAndGet();
        filter.filter(tags[i], events[i], sink(bh));
    }

    /** One Falco alert: container id to pod through the node's pod list, k8s.* fields and the kubernetes map. */
    @Benchmark
    public void alertRecord(Blackhole bh) {
        int i = next++ & (RECORDS - 1);
        records.incrementAndGet();
        filter.filter(tags[i], events[i], sink(bh));
    }

    @TearDown(Level.Trial)
    public void report() {
        long r = records.get();
        long req = podRequests.get() + listRequests.get();
        System.out.printf("%nkubernetes %s: %d pods, %d containers seen, top 10 pods %.0f%% of records; %d records, "
                        + "%d API requests (%d pod GETs, %d pod lists) = %.2f requests per 1M records%n", mode, PODS,
                distinctContainers, top10Share, r, req, podRequests.get(), listRequests.get(), req * 1e6 / Math.max(1, r));
        filter.stop();
        api.stop(0);
    }

    private record Ctx(Options options) implements PluginContext {
        @Override
        public String name() {
            return "kubernetes.0";
        }

        @Override
        public Log log() {
            return Log.of("filter:kubernetes:kubernetes.0");
        }

        @Override
        public ParserRegistry parsers() {
            return new ParserRegistry();
        }

        @Override
        public ServiceSettings service() {
            return ServiceSettings.DEFAULTS;
        }

        @Override
        public EventLoopGroup eventLoops() {
            return null;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return null;
        }

        @Override
        public InstanceMetrics metrics() {
            return new InstanceMetrics("kubernetes.0");
        }
    }
}
