package dev.peregrine.filters.kubernetes;

import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.peregrine.filters.kubernetes.PodMetadataComposer.first;
import static dev.peregrine.filters.kubernetes.PodMetadataComposer.text;

/**
 * Container id to pod metadata, for Falco's {@code k8s.*} fields: the falco filter can evaluate conditions on them
 * with {@link #byContainerId}. Backed by the kubernetes filter's cache; {@link #current()} is the resolver of the
 * last kubernetes filter created (an agent normally has one).
 */
public final class PodResolver {
    private static volatile PodResolver current;

    /** A container's pod, as Falco's k8s.* fields want it. */
    public record PodInfo(String namespace, String podName, String podId, String containerName,
                          Map<String, String> labels, MapValue kubernetes) {
    }

    private final ContainerPodIndex index;
    private final PodMetadataCache cache;
    private final PodMetadataComposer composer;

    PodResolver(ContainerPodIndex index, PodMetadataCache cache, PodMetadataComposer composer) {
        this.index = index;
        this.cache = cache;
        this.composer = composer;
    }

    static void register(PodResolver r) {
        current = r;
    }

    /** The resolver of the running kubernetes filter, if any. */
    public static Optional<PodResolver> current() {
        return Optional.ofNullable(current);
    }

    /**
     * The pod running a container ({@code container.id}: 12 or 64 hex characters, with or without
     * {@code runtime://}); waits at most Kube_Meta_Wait when the node's pod list must be fetched again.
     */
    public Optional<PodInfo> byContainerId(String containerId) {
        ContainerPodIndex.PodRef ref = index.find(containerId);
        if (ref == null) {
            return Optional.empty();
        }
        PodMetadataCache.Lookup l = cache.pod(ref.namespace(), ref.pod());
        if (!(l instanceof PodMetadataCache.Found f)) {
            return Optional.empty();
        }
        // built once per container and cache entry: alerts of a container repeat (shells, reads in a loop)
        return Optional.of(PodMetadataCache.composed(f, "podinfo:" + ref.container(), v -> info(ref, v)));
    }

    private PodInfo info(ContainerPodIndex.PodRef ref, Value root) {
        PodIdentity id = new PodIdentity(ref.pod(), ref.namespace(), ref.container(), null, null);
        PodMetadata meta = composer.fromPod(root, id);
        Map<String, String> labels = new LinkedHashMap<>();
        String uid = null;
        if (root.isMapValue()) {
            Value md = first(root.asMapValue(), "metadata");
            if (md != null && md.isMapValue()) {
                uid = text(first(md.asMapValue(), "uid"));
                Value lv = first(md.asMapValue(), "labels");
                if (lv != null && lv.isMapValue()) {
                    Value[] kv = lv.asMapValue().getKeyValueArray();
                    for (int i = 0; i < kv.length; i += 2) {
                        String k = text(kv[i]);
                        String v = text(kv[i + 1]);
                        if (k != null && v != null) {
                            labels.put(k, v);
                        }
                    }
                }
            }
        }
        return new PodInfo(ref.namespace(), ref.pod(), uid, ref.container(), Collections.unmodifiableMap(labels),
                meta.kubernetes());
    }
}
