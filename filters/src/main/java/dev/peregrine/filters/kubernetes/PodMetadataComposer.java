package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code kubernetes} and {@code kubernetes_namespace} maps from API objects exactly as kube_meta.c's
 * merge_pod_meta / merge_namespace_meta do: same keys, same order, same quirks (noted where they matter).
 */
final class PodMetadataComposer {
    private final KubernetesOptions options;
    private final ParserRegistry parsers;
    private final Log log;

    PodMetadataComposer(KubernetesOptions options, ParserRegistry parsers, Log log) {
        this.options = options;
        this.parsers = parsers;
        this.log = log;
    }

    /** Use_Tag_For_Meta: only what the tag says. */
    PodMetadata fromTag(PodIdentity id) {
        List<Value> kv = new ArrayList<>(8);
        add(kv, "pod_name", id.podName());
        add(kv, "namespace_name", id.namespace());
        add(kv, "container_name", id.containerName());
        add(kv, "docker_id", id.dockerId());
        return new PodMetadata(map(kv), AnnotationProperties.NONE);
    }

    /**
     * @param api the pod object (or, with Use_Kubelet, the kubelet's pod list) as decoded JSON; anything that is not
     *            a map gives only the tag's fields
     */
    PodMetadata fromPod(Value api, PodIdentity id) {
        MapValue root = api != null && api.isMapValue() ? api.asMapValue() : null;
        if (root != null && options.useKubelet()) {
            root = findInItems(root, id);
        }
        MapValue metadata = null;
        MapValue spec = null;
        MapValue status = null;
        if (root != null) {
            Value[] kvs = root.getKeyValueArray();
            for (int i = 0; i < kvs.length && (metadata == null || spec == null || status == null); i += 2) {
                String k = text(kvs[i]);
                Value v = kvs[i + 1];
                if ("metadata".equals(k) && v.isMapValue()) {
                    metadata = v.asMapValue();
                } else if ("spec".equals(k) && v.isMapValue()) {
                    spec = v.asMapValue();
                } else if ("status".equals(k) && v.isMapValue()) {
                    status = v.asMapValue();
                }
            }
        }
        Value uid = null;
        Value labelsKey = null;
        Value labels = null;
        Value annotationsKey = null;
        Value annotations = null;
        Value ownersKey = null;
        Value owners = null;
        if (metadata != null) {
            Value[] kvs = metadata.getKeyValueArray();
            for (int i = 0; i < kvs.length; i += 2) {
                String k = text(kvs[i]);
                if (k == null) {
                    continue;
                }
                switch (k) {
                    case "uid" -> uid = kvs[i + 1];
                    case "labels" -> {
                        labelsKey = kvs[i];
                        labels = kvs[i + 1];
                    }
                    case "annotations" -> {
                        annotationsKey = kvs[i];
                        annotations = kvs[i + 1];
                    }
                    case "ownerReferences" -> {
                        ownersKey = kvs[i];
                        owners = kvs[i + 1];
                    }
                    default -> {
                        continue;
                    }
                }
                if (uid != null && labels != null && annotations != null && owners != null) {
                    break;
                }
            }
        }
        Value nodeName = spec == null ? null : first(spec, "nodeName");
        Value podIp = status == null ? null : first(status, "podIP");
        String dockerId = id.dockerId();
        String containerHash = id.containerHash();
        String containerImage = null;
        if (status != null && (containerHash == null || dockerId == null)) {
            String[] found = containerStatus(status, id.containerName(), dockerId, containerHash);
            dockerId = found[0];
            containerHash = found[1];
            containerImage = found[2];
        } else if (status != null) {
            containerImage = containerStatus(status, id.containerName(), dockerId, containerHash)[2];
        }

        List<Value> kv = new ArrayList<>(24);
        add(kv, "pod_name", id.podName());
        add(kv, "namespace_name", id.namespace());
        if (uid != null) {
            kv.add(ValueFactory.newString("pod_id"));
            kv.add(uid);
        }
        if (labels != null && options.labels()) {
            kv.add(labelsKey);
            kv.add(labels);
        }
        if (annotations != null && options.annotations()) {
            kv.add(annotationsKey);
            kv.add(annotations);
        }
        if (owners != null && options.ownerReferences()) {
            kv.add(ownersKey);
            kv.add(owners);
        }
        if (nodeName != null) {
            kv.add(ValueFactory.newString("host"));
            kv.add(nodeName);
        }
        if (podIp != null) {
            kv.add(ValueFactory.newString("pod_ip"));
            kv.add(podIp);
        }
        add(kv, "container_name", id.containerName());
        add(kv, "docker_id", dockerId);
        add(kv, "container_hash", containerHash);
        add(kv, "container_image", containerImage);

        // annotations are read for fluentbit.io/* even when Annotations Off hides them from the record
        AnnotationProperties props = AnnotationProperties.NONE;
        if (annotations != null && annotations.isMapValue()) {
            AnnotationProperties.Builder b = new AnnotationProperties.Builder(options, parsers, log, id);
            Value[] akv = annotations.asMapValue().getKeyValueArray();
            for (int i = 0; i < akv.length; i += 2) {
                String k = text(akv[i]);
                String v = text(akv[i + 1]);
                if (k != null && v != null && k.length() > 13 && k.startsWith("fluentbit.io/")) {
                    b.set(k.substring(13), v);
                }
            }
            props = b.build();
        }
        return new PodMetadata(map(kv), props);
    }

    /**
     * The {@code kubernetes_namespace} map: {@code name}, then the namespace's labels and annotations when asked
     * for. {@code api} null (no namespace object) still gives the name.
     */
    MapValue namespace(Value api, String namespace) {
        MapValue metadata = null;
        if (api != null && api.isMapValue()) {
            Value v = first(api.asMapValue(), "metadata");
            if (v != null && v.isMapValue()) {
                metadata = v.asMapValue();
            }
        }
        List<Value> kv = new ArrayList<>(6);
        add(kv, "name", namespace);
        if (metadata != null) {
            Value[] kvs = metadata.getKeyValueArray();
            int labels = -1;
            int annotations = -1;
            for (int i = 0; i < kvs.length; i += 2) {
                String k = text(kvs[i]);
                if ("labels".equals(k)) {
                    labels = i;
                } else if ("annotations".equals(k)) {
                    annotations = i;
                }
                if (labels >= 0 && annotations >= 0) {
                    break;
                }
            }
            if (labels >= 0 && options.namespaceLabels()) {
                kv.add(kvs[labels]);
                kv.add(kvs[labels + 1]);
            }
            if (annotations >= 0 && options.namespaceAnnotations()) {
                kv.add(kvs[annotations]);
                kv.add(kvs[annotations + 1]);
            }
        }
        return map(kv);
    }

    /**
     * The kubelet's /pods answer lists every pod of the node: the item whose metadata name and namespace start with
     * ours (Fluent Bit compares with strncmp over our length, so it is a prefix match). Null when none does, which
     * leaves only the tag's fields.
     */
    private static MapValue findInItems(MapValue list, PodIdentity id) {
        Value items = first(list, "items");
        if (items == null || !items.isArrayValue()) {
            return null;
        }
        for (Value item : items.asArrayValue()) {
            if (!item.isMapValue()) {
                continue;
            }
            Value md = first(item.asMapValue(), "metadata");
            if (md == null) {
                continue;
            }
            String name = md.isMapValue() ? text(first(md.asMapValue(), "name")) : null;
            String ns = md.isMapValue() ? text(first(md.asMapValue(), "namespace")) : null;
            if (name != null && ns != null && id.podName() != null && id.namespace() != null
                    && name.startsWith(id.podName()) && ns.startsWith(id.namespace())) {
                return item.asMapValue();
            }
        }
        return null;
    }

    /**
     * docker_id, container_hash and container_image from status.containerStatuses / initContainerStatuses for our
     * container (extract_container_hash). Values seen in earlier statuses before their {@code name} key carry over,
     * as in Fluent Bit; a status whose name differs stops being read at that key.
     */
    static String[] containerStatus(MapValue status, String container, String dockerId, String hash) {
        String image = null;
        String seenId = null;
        String seenHash = null;
        String seenImage = null;
        Value[] kvs = status.getKeyValueArray();
        for (int i = 0; i < kvs.length; i += 2) {
            String k = text(kvs[i]);
            if (!"containerStatuses".equals(k) && !"initContainerStatuses".equals(k)) {
                continue;
            }
            if (!kvs[i + 1].isArrayValue()) {
                continue;
            }
            ArrayValue arr = kvs[i + 1].asArrayValue();
            for (Value item : arr) {
                if (!item.isMapValue()) {
                    continue;
                }
                boolean nameFound = false;
                Value[] ikv = item.asMapValue().getKeyValueArray();
                for (int j = 0; j < ikv.length; j += 2) {
                    String ik = text(ikv[j]);
                    String iv = text(ikv[j + 1]);
                    if ("name".equals(ik)) {
                        if (iv != null && iv.equals(container)) {
                            nameFound = true;
                        } else {
                            break;
                        }
                    } else if ("containerID".equals(ik)) {
                        String h = afterScheme(iv);
                        if (h != null) {
                            seenId = h;
                        }
                    } else if ("imageID".equals(ik)) {
                        String h = afterScheme(iv);
                        if (h != null) {
                            seenHash = h;
                        }
                    } else if ("image".equals(ik)) {
                        seenImage = iv;
                    }
                }
                if (nameFound) {
                    return new String[]{dockerId == null && nonEmpty(seenId) ? seenId : dockerId,
                            hash == null && nonEmpty(seenHash) ? seenHash : hash,
                            nonEmpty(seenImage) ? seenImage : null};
                }
            }
        }
        return new String[]{dockerId, hash, image};
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /**
     * extract_hash: the part after {@code <scheme>://} ({@code docker://abc} gives {@code abc}); a value with a
     * colon but no slashes after it is kept whole ({@code sha256:...}); no colon, or one character, gives nothing.
     */
    static String afterScheme(String v) {
        if (v == null || v.length() <= 1) {
            return null;
        }
        int colon = v.indexOf(':');
        if (colon < 0) {
            return null;
        }
        int slash = colon;
        while (slash + 1 < v.length() && v.charAt(slash + 1) == '/') {
            slash++;
        }
        return slash == colon ? v : v.substring(slash + 1);
    }

    static Value first(MapValue m, String key) {
        Value[] kvs = m.getKeyValueArray();
        for (int i = 0; i < kvs.length; i += 2) {
            if (key.equals(text(kvs[i]))) {
                return kvs[i + 1];
            }
        }
        return null;
    }

    static String text(Value v) {
        if (v == null) {
            return null;
        }
        if (v.isStringValue()) {
            return v.asStringValue().asString();
        }
        if (v.isBinaryValue()) {
            return new String(v.asBinaryValue().asByteArray(), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static void add(List<Value> kv, String key, String value) {
        if (value != null) {
            kv.add(ValueFactory.newString(key));
            kv.add(ValueFactory.newString(value));
        }
    }

    private static MapValue map(List<Value> kv) {
        return ValueFactory.newMap(kv.toArray(new Value[0]));
    }
}
