package dev.peregrine.bench;

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
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kubernetes filter throughput: records of 100 pods (tags as tail makes them from /var/log/containers, a mix of
 * JSON logs merged with Merge_Log and plain lines, stdout and stderr) against an in-process HTTP API that serves
 * the pods. Reports filter() calls per second, and at teardown the API requests per 1M records (the cache should
 * make it ~100 per run, one per pod, independent of the record count).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KubernetesMetaBenchmark {
    private static final int PODS = 100;
    private static final int RECORDS = 4096;

    private HttpServer api;
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private KubernetesFilter filter;
    private final List<String> tags = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Log.setLevel(LogLevel.OFF);
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/namespaces/", ex -> {
            apiRequests.incrementAndGet();
            String[] p = ex.getRequestURI().getPath().split("/");
            byte[] body = pod(p[4], p[6]).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        KubernetesFilterFactory factory = new KubernetesFilterFactory();
        Section s = new Section("filter", new Location("bench", 1));
        s.add("kube_url", "http://127.0.0.1:" + api.getAddress().getPort(), new Location("bench", 2));
        s.add("merge_log", "on", new Location("bench", 3));
        s.add("kube_token_file", "/nonexistent", new Location("bench", 4));
        s.add("kube_meta_wait", "2s", new Location("bench", 5));
        List<ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(factory, s, new Env(Map.of(), k -> null), errors);
        filter = (KubernetesFilter) factory.create(new Ctx(o));
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < RECORDS; i++) {
            int pod = rnd.nextInt(PODS);
            String id = String.format("%064x", pod);
            tags.add("kube.var.log.containers.app-" + pod + "-7d9f8c6b5-x" + pod + "_ns-" + (pod % 10) + "_main-"
                    + id + ".log");
            String log = rnd.nextInt(10) < 6
                    ? "{\"level\":\"info\",\"msg\":\"request served\",\"status\":200,\"latency_ms\":" + rnd.nextInt(500)
                    + "}\n" : "GET /index.html 200 " + rnd.nextInt(10000) + "\n";
            MapValue body = ValueFactory.newMap(ValueFactory.newString("log"), ValueFactory.newString(log),
                    ValueFactory.newString("stream"), ValueFactory.newString(rnd.nextInt(10) < 8 ? "stdout" : "stderr"),
                    ValueFactory.newString("time"), ValueFactory.newString("2024-05-01T10:00:00.000000000Z"));
            events.add(Event.of(new EventTime(1714557600, 0), body));
        }
    }

    static String pod(String ns, String name) {
        String id = String.format("%064x", Integer.parseInt(name.substring(4, name.indexOf('-', 4))));
        return "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"uid\":\"u-" + name
                + "\",\"labels\":{\"app\":\"app\",\"pod-template-hash\":\"7d9f8c6b5\"},\"annotations\":{\"a\":\"b\"}},"
                + "\"spec\":{\"nodeName\":\"node-1\"},\"status\":{\"podIP\":\"10.0.0.1\",\"containerStatuses\":[{\"name\":"
                + "\"main\",\"containerID\":\"containerd://" + id + "\",\"image\":\"app:1\",\"imageID\":\"app@sha256:1\"}]}}";
    }

    @Benchmark
    public void filterRecord(Blackhole bh) {
        int i = next++ & (RECORDS - 1);
        records.incrementAndGet();
        filter.filter(tags.get(i), events.get(i), new Filter.FilterOutput() {
            @Override
            public void keep(Event event) {
                bh.consume(event);
            }

            @Override
            public void emit(String tag, Event event) {
            }
        });
    }

    @TearDown(Level.Trial)
    public void report() {
        long r = records.get();
        System.out.printf("%nkubernetes: %d records, %d API requests = %.2f requests per 1M records%n", r,
                apiRequests.get(), apiRequests.get() * 1e6 / Math.max(1, r));
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
