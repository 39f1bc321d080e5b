package dev.peregrine.filters.kubernetes;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.log.Log;
import org.msgpack.value.Value;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Pod and namespace objects from the API server (or kubelet, or Kube_Meta_Preload_Cache_Dir), in Caffeine async
 * caches: one request in flight per pod or namespace, callers wait at most Kube_Meta_Wait (counted from when the
 * request started, so a slow API stalls a pod's records once, not each record).
 *
 * <p>Entries live Kube_Meta_Cache_TTL (0: until evicted by size) for pods, Kube_Meta_Namespace_Cache_TTL for
 * namespaces; a 404 is remembered for kube_meta_negative_cache_ttl, and a failure (API down, 5xx, timeout) for
 * {@link #FAILURE_BACKOFF} so the API is not hammered while down but enrichment resumes soon after it returns.
 * Fluent Bit retries a failed lookup on every chunk and never caches a 404.
 */
public final class PodMetadataCache {
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    /** The smallest cap on a node's pod list (Falco alerts), whatever Buffer_Size says. */
    static final long NODE_LIST_MAX_BYTES = 64L << 20;
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The outcome of one lookup. */
    sealed interface Lookup permits Found, Missing, Failed {
    }

    /** The object, plus what was composed from it per container (valid as long as this entry is). */
    record Found(Value object, Map<String, Object> composed) implements Lookup {
        Found(Value object) {
            this(object, new ConcurrentHashMap<>());
        }
    }

    /** 404: the API does not know it. */
    record Missing() implements Lookup {
    }

    /** No answer (or an unusable one). */
    record Failed() implements Lookup {
    }

    private static final Missing MISSING = new Missing();
    private static final Failed FAILED = new Failed();

    private final KubernetesOptions options;
    private final KubeApiClient api;
    private final Log log;
    private final AsyncCache<String, Lookup> pods;
    private final AsyncCache<String, Lookup> namespaces;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final long waitNanos;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lastErrorLog = new AtomicLong(System.nanoTime() - ERROR_LOG_INTERVAL_NANOS - 1);
    private volatile boolean down;

    PodMetadataCache(KubernetesOptions options, KubeApiClient api, Log log) {
        this.options = options;
        this.api = api;
        this.log = log;
        this.waitNanos = options.metaWait().toNanos();
        this.pods = Caffeine.newBuilder()
                .maximumSize(Math.max(1, options.metaCacheSize()))
                .expireAfter(expiry(options.metaCacheTtl()))
                .buildAsync();
        this.namespaces = Caffeine.newBuilder()
                .maximumSize(Math.max(1, options.metaCacheSize()))
                .expireAfter(expiry(options.namespaceCacheTtl()))
                .buildAsync();
    }

    private Expiry<String, Lookup> expiry(Duration ttl) {
        long found = ttl.isZero() || ttl.isNegative() ? Long.MAX_VALUE : ttl.toNanos();
        long missing = options.negativeCacheTtl().toNanos();
        long failed = FAILURE_BACKOFF.toNanos();
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(String key, Lookup value, long currentTime) {
                return value instanceof Found ? found : value instanceof Missing ? missing : failed;
            }

            @Override
            public long expireAfterUpdate(String key, Lookup value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Lookup value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    /** The pod (with Use_Kubelet: the kubelet's pod list), or null when not known within the wait. */
    Lookup pod(String namespace, String pod) {
        String key = namespace + '/' + pod;
        return await(key, pods.get(key, (k, ex) -> load(k, () -> preload(namespace + "_" + pod + ".meta"),
                options.useKubelet() ? "/pods" : "/api/v1/namespaces/" + namespace + "/pods/" + pod)));
    }

    /** The namespace object, or null when not known within the wait. */
    Lookup namespace(String namespace) {
        String key = "ns:" + namespace;
        return await(key, namespaces.get(key, (k, ex) -> load(k, () -> preload(namespace + ".namespace_meta"),
                "/api/v1/namespaces/" + namespace)));
    }

    /** Adds a pod read from a pod list, so its records need no request of their own. */
    void put(String namespace, String pod, Value object) {
        pods.put(namespace + '/' + pod, CompletableFuture.completedFuture(new Found(object)));
    }

    /** Forgets everything (tests). */
    void invalidateAll() {
        pods.synchronous().invalidateAll();
        namespaces.synchronous().invalidateAll();
    }

    /** How many API requests were sent, for the benchmark and tests. */
    public long requests() {
        return requests.get();
    }

    private Lookup await(String key, CompletableFuture<Lookup> f) {
        Lookup done = f.getNow(null);
        if (done != null || waitNanos <= 0) {
            return done;
        }
        long now = System.nanoTime();
        Long start = started.get(key);
        long remaining = (start == null ? now : start) + waitNanos - now;
        if (remaining <= 0) {
            return null;
        }
        try {
            return f.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs on the calling thread (inside Caffeine's mapping function): the preload file is read here, synchronously,
     * as in Fluent Bit, so offline configs are deterministic; the API request only starts here.
     */
    private CompletableFuture<Lookup> load(String key, java.util.function.Supplier<Value> preload, String path) {
        Value v = preload.get();
        if (v != null) {
            return CompletableFuture.completedFuture(new Found(v));
        }
        if (options.useTagForMeta() || api == null) {
            return CompletableFuture.completedFuture(FAILED);
        }
        started.put(key, System.nanoTime());
        requests.incrementAndGet();
        return api.get(path).thenApply(r -> classify(path, r)).whenComplete((r, e) -> started.remove(key));
    }

    /**
     * Sends a request outside the cache (the node's pod list). Buffer_Size is sized for one pod (32K by default):
     * a list of a node's pods is far bigger (about 100 pods of 5-30K each), so its cap is at least
     * {@link #NODE_LIST_MAX_BYTES}.
     */
    CompletableFuture<KubeApiClient.Response> request(String path) {
        requests.incrementAndGet();
        long max = api.bufferSize() == 0 ? 0 : Math.max(api.bufferSize(), NODE_LIST_MAX_BYTES);
        return api.get(path, max).thenApply(r -> {
            if (r.status() != 200) {
                failed(path, r);
            } else {
                recovered();
            }
            return r;
        });
    }

    String nodePodsPath(String node) {
        if (options.useKubelet()) {
            return "/pods";
        }
        return node == null ? "/api/v1/pods"
                : "/api/v1/pods?fieldSelector=spec.nodeName=" + URLEncoder.encode(node, StandardCharsets.UTF_8);
    }

    KubernetesOptions options() {
        return options;
    }

    boolean hasApi() {
        return api != null && !options.useTagForMeta();
    }

    private Lookup classify(String path, KubeApiClient.Response r) {
        if (r.status() == 200) {
            try {
                Value v = FluentJsonDecoder.decodeOne(r.body(), 0, r.body().length);
                recovered();
                return new Found(v);
            } catch (RuntimeException e) {
                failed(path, new KubeApiClient.Response(0, null, "invalid JSON: " + e.getMessage()));
                return FAILED;
            }
        }
        if (r.status() == 404) {
            recovered();
            log.debug("Request " + path + " HTTP Status: 404");
            return MISSING;
        }
        failed(path, r);
        return FAILED;
    }

    private void recovered() {
        if (down) {
            down = false;
            log.info("kube api reachable again: " + api.base());
        }
    }

    /** One error line per interval while the API is failing, not one per record. */
    private void failed(String path, KubeApiClient.Response r) {
        down = true;
        long now = System.nanoTime();
        long last = lastErrorLog.get();
        if (now - last >= ERROR_LOG_INTERVAL_NANOS && lastErrorLog.compareAndSet(last, now)) {
            log.error("kube api request failed (" + api.base() + path + "): "
                    + (r.status() != 0 ? "HTTP status " + r.status() : r.error())
                    + "; records pass without metadata until it answers (logged once per minute)");
        }
    }

    private Value preload(String file) {
        if (options.preloadCacheDir() == null) {
            return null;
        }
        Path p = Path.of(options.preloadCacheDir(), file);
        try {
            byte[] b = Files.readAllBytes(p);
            if (b.length == 0) {
                return null;
            }
            return FluentJsonDecoder.decodeAll(b).get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Memoises what is composed from a found object (per container, or the namespace map). */
    @SuppressWarnings("unchecked")
    static <T> T composed(Found f, String key, Function<Value, T> compose) {
        return (T) f.composed().computeIfAbsent(key, k -> compose.apply(f.object()));
    }
}
