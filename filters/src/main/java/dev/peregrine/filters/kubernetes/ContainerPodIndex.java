package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.json.FluentJsonDecoder;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static dev.peregrine.filters.kubernetes.PodMetadataComposer.first;
import static dev.peregrine.filters.kubernetes.PodMetadataComposer.text;

/**
 * Container id (the first 12 hex characters, as Falco prints {@code container.id}) to pod, from the list of this
 * node's pods. The list is fetched again on a miss (a new container), at most once per {@link #MIN_REFRESH_NANOS}
 * and one request at a time; each pod read from it also fills the pod cache, so its metadata needs no request.
 */
final class ContainerPodIndex {
    static final long MIN_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where a container runs. */
    record PodRef(String namespace, String pod, String container) {
    }

    private final PodMetadataCache cache;
    private final String node;
    private final long waitNanos;
    private volatile Map<String, PodRef> byId = Map.of();
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private volatile long lastRefresh = System.nanoTime() - MIN_REFRESH_NANOS - 1;

    ContainerPodIndex(PodMetadataCache cache, String node, long waitNanos) {
        this.cache = cache;
        this.node = node;
        this.waitNanos = waitNanos;
    }

    /** The pod of a container, waiting at most the configured time for a refresh; null when unknown. */
    PodRef find(String containerId) {
        String id = shortId(containerId);
        if (id == null) {
            return null;
        }
        PodRef r = byId.get(id);
        if (r != null || !cache.hasApi()) {
            return r;
        }
        CompletableFuture<Void> f = refresh();
        if (f == null) {
            return null;
        }
        try {
            f.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return byId.get(id);
    }

    /** Starts a refresh unless one runs or the last one is too recent; returns the one to wait for, or null. */
    CompletableFuture<Void> refresh() {
        CompletableFuture<Void> cur = inFlight.get();
        if (cur != null) {
            return cur;
        }
        long now = System.nanoTime();
        if (now - lastRefresh < MIN_REFRESH_NANOS) {
            return null;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get();
        }
        lastRefresh = now;
        cache.request(cache.nodePodsPath(node)).whenComplete((r, e) -> {
            try {
                if (e == null && r.ok()) {
                    index(FluentJsonDecoder.decodeOne(r.body(), 0, r.body().length));
                }
            } catch (RuntimeException ignored) {
                // an unreadable list leaves the old index in place
            } finally {
                lastRefresh = System.nanoTime();
                inFlight.set(null);
                mine.complete(null);
            }
        });
        return mine;
    }

    private void index(Value list) {
        Map<String, PodRef> next = new HashMap<>();
        if (!list.isMapValue()) {
            return;
        }
        Value items = first(list.asMapValue(), "items");
        if (items == null || !items.isArrayValue()) {
            return;
        }
        for (Value item : items.asArrayValue()) {
            if (!item.isMapValue()) {
                continue;
            }
            MapValue pod = item.asMapValue();
            Value md = first(pod, "metadata");
            Value st = first(pod, "status");
            if (md == null || !md.isMapValue()) {
                continue;
            }
            String ns = text(first(md.asMapValue(), "namespace"));
            String name = text(first(md.asMapValue(), "name"));
            if (ns == null || name == null) {
                continue;
            }
            if (!cache.options().useKubelet()) {
                cache.put(ns, name, pod);
            }
            if (st == null || !st.isMapValue()) {
                continue;
            }
            for (String key : new String[]{"containerStatuses", "initContainerStatuses",
                    "ephemeralContainerStatuses"}) {
                Value arr = first(st.asMapValue(), key);
                if (arr == null || !arr.isArrayValue()) {
                    continue;
                }
                for (Value cs : arr.asArrayValue()) {
                    if (!cs.isMapValue()) {
                        continue;
                    }
                    String cname = text(first(cs.asMapValue(), "name"));
                    String id = shortId(text(first(cs.asMapValue(), "containerID")));
                    if (id != null && cname != null) {
                        next.put(id, new PodRef(ns, name, cname));
                    }
                }
            }
        }
        byId = next;
    }

    /** {@code containerd://0123456789abcdef...} or {@code 0123456789ab} to {@code 0123456789ab}. */
    static String shortId(String containerId) {
        if (containerId == null) {
            return null;
        }
        int s = containerId.indexOf("://");
        String id = s >= 0 ? containerId.substring(s + 3) : containerId;
        if (id.isEmpty() || id.equals("host") || id.equals("<NA>")) {
            return null;
        }
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
