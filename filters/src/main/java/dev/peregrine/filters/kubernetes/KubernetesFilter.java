package dev.peregrine.filters.kubernetes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.parser.RegexRecordParser;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.peregrine.filters.kubernetes.PodMetadataComposer.first;
import static dev.peregrine.filters.kubernetes.PodMetadataComposer.text;

/**
 * The kubernetes filter for one record (Fluent Bit's cb_kube_filter and pack_map_content). The record becomes: its
 * keys in order (the {@code log} key dropped after a successful merge with Keep_Log Off), the merged keys (at the
 * root or under Merge_Log_Key), {@code kubernetes}, then {@code kubernetes_namespace}. As in Fluent Bit, a record is
 * left untouched only when its tag does not give a pod; otherwise it is re-encoded (its metadata map is not kept).
 */
public final class KubernetesFilter implements Filter {
    private static final int NO_STREAM = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int UNKNOWN = 3;
    private static final int MERGE_NONE = 0;
    private static final int MERGE_PARSED = 1;
    private static final int MERGE_MAP = 2;
    private static final Object INVALID_TAG = new Object();
    private static final Value KUBERNETES = ValueFactory.newString("kubernetes");
    private static final Value KUBERNETES_NAMESPACE = ValueFactory.newString("kubernetes_namespace");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT);

    private final KubernetesOptions options;
    private final ParserRegistry parsers;
    private final Log log;
    private final PodIdentityMatcher matcher;
    private final Parser mergeParser;
    private final PodMetadataComposer composer;
    private final PodMetadataCache cache;
    private final PodResolver resolver;
    private final ExecutorService executor;
    private final Value mergeLogKey;
    /** Tag to identity: the regex runs once per tag, not per record (Fluent Bit runs it per chunk). */
    private final Cache<String, Object> tags = Caffeine.newBuilder().maximumSize(10_000).build();

    private KubernetesFilter(KubernetesOptions options, ParserRegistry parsers, Log log, PodIdentityMatcher matcher,
                             Parser mergeParser, PodMetadataCache cache, PodResolver resolver,
                             PodMetadataComposer composer, ExecutorService executor) {
        this.options = options;
        this.parsers = parsers;
        this.log = log;
        this.matcher = matcher;
        this.mergeParser = mergeParser;
        this.cache = cache;
        this.resolver = resolver;
        this.composer = composer;
        this.executor = executor;
        this.mergeLogKey = options.mergeLogKey() == null ? null : ValueFactory.newString(options.mergeLogKey());
    }

    /** Builds the filter and its API client; nothing is requested until records arrive. */
    public static KubernetesFilter create(KubernetesOptions o, ParserRegistry parsers, Log log)
            throws PluginConfigException {
        RubyRegex regex;
        if (o.regexParser() != null) {
            Parser p = parsers == null ? null : parsers.get(o.regexParser());
            if (p == null) {
                throw new PluginConfigException("invalid parser '" + o.regexParser() + "'");
            }
            if (!(p instanceof RegexRecordParser rp)) {
                throw new PluginConfigException("invalid parser type '" + o.regexParser() + "'");
            }
            regex = rp.regex();
        } else {
            regex = RubyRegex.compile(o.useJournal() ? PodIdentityMatcher.JOURNAL_REGEX
                    : PodIdentityMatcher.TAG_REGEX);
        }
        Parser merge = null;
        if (o.mergeParser() != null) {
            merge = parsers == null ? null : parsers.get(o.mergeParser());
            if (merge == null) {
                log.error("parser '" + o.mergeParser() + "' is not registered");
            }
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kubernetes-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        KubeApiClient api = null;
        if (!o.useTagForMeta() && !o.dummyMeta()) {
            ServiceAccountToken token = new ServiceAccountToken(o.tokenFile(), o.tokenCommand(), o.tokenTtl(), log);
            api = new KubeApiClient(o.useKubelet() ? o.kubeletUri() : o.apiUri(),
                    KubeApiClient.httpClient(o, ex, log), token, o.bufferSize(), ex);
            log.info("https=" + ("https".equals(api.base().getScheme()) ? 1 : 0) + " host=" + api.base().getHost()
                    + " port=" + api.base().getPort());
        }
        PodMetadataCache cache = new PodMetadataCache(o, api, log);
        PodMetadataComposer composer = new PodMetadataComposer(o, parsers, log);
        ContainerPodIndex index = new ContainerPodIndex(cache, o.nodeName(), o.metaWait().toNanos());
        PodResolver resolver = new PodResolver(index, cache, composer);
        PodResolver.register(resolver);
        return new KubernetesFilter(o, parsers, log, new PodIdentityMatcher(regex), merge, cache, resolver, composer,
                ex);
    }

    /** Container id to pod, for the falco filter. */
    public PodResolver podResolver() {
        return resolver;
    }

    /** The metadata cache (its request counter is what the benchmark reports). */
    public PodMetadataCache cache() {
        return cache;
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    /** Waits for the API (up to Kube_Meta_Wait) on a pod or namespace not cached yet. */
    @Override
    public boolean mayBlock() {
        return cache.hasApi() && options.metaWait().toNanos() > 0;
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue body = event.body();
        Value fields = first(body, "output_fields");
        if (fields != null && fields.isMapValue() && first(fields.asMapValue(), "container.id") != null) {
            enrichAlert(event, body, fields.asMapValue(), out);
            return;
        }
        if (options.dummyMeta()) {
            emit(event, body, dummyMeta(), null, AnnotationProperties.NONE, out);
            return;
        }
        PodIdentity id;
        if (options.useJournal()) {
            String container = text(first(body, "CONTAINER_NAME"));
            id = container == null ? null : matcher.match(container);
            if (id == null) {
                // Fluent Bit skips (drops) a journald record it cannot attribute to a pod
                if (container != null) {
                    log.warn("invalid pattern for given tag " + tag);
                }
                return;
            }
        } else {
            Object t = tags.get(tag, this::matchTag);
            if (t == INVALID_TAG) {
                out.keep(event);
                return;
            }
            id = (PodIdentity) t;
        }
        MapValue ns = options.namespaceMetaWanted() ? namespaceMeta(id) : null;
        PodMetadata meta = options.namespaceMetadataOnly() ? null : podMeta(id);
        emit(event, body, meta == null ? null : meta.kubernetes(), ns,
                meta == null ? AnnotationProperties.NONE : meta.properties(), out);
    }

    private Object matchTag(String tag) {
        String prefix = options.tagPrefix() == null ? "" : options.tagPrefix();
        if (prefix.length() + 1 >= tag.length()) {
            log.error("incoming record tag (" + tag + ") is shorter than kube_tag_prefix value (" + prefix
                    + "), skip filter");
            return INVALID_TAG;
        }
        // as in Fluent Bit, the prefix is cut by length, not checked
        PodIdentity id = matcher.match(tag.substring(prefix.length()));
        if (id == null) {
            log.warn("invalid pattern for given tag " + tag);
            return INVALID_TAG;
        }
        return id;
    }

    private PodMetadata podMeta(PodIdentity id) {
        if (options.useTagForMeta()) {
            return composer.fromTag(id);
        }
        if (id.namespace() == null || id.podName() == null) {
            return null;
        }
        PodMetadataCache.Lookup l = cache.pod(id.namespace(), id.podName());
        if (l instanceof PodMetadataCache.Found f) {
            return PodMetadataCache.composed(f, id.cacheKey(options.cacheUseDockerId()), v -> composer.fromPod(v, id));
        }
        return null;
    }

    private MapValue namespaceMeta(PodIdentity id) {
        if (id.namespace() == null) {
            return null;
        }
        PodMetadataCache.Lookup l = cache.namespace(id.namespace());
        if (l instanceof PodMetadataCache.Found f) {
            return PodMetadataCache.composed(f, "", v -> composer.namespace(v, id.namespace()));
        }
        return null;
    }

    private static MapValue dummyMeta() {
        String now = ZonedDateTime.now().format(ASCTIME);
        return ValueFactory.newMap(ValueFactory.newString("dummy"), ValueFactory.newString(now));
    }

    /** Fluent Bit's get_stream: the first key that is a prefix of "stream" decides; its value a prefix of stdout... */
    private static int stream(Value[] kvs) {
        for (int i = 0; i < kvs.length; i += 2) {
            if (!kvs[i].isStringValue()) {
                continue;
            }
            byte[] k = kvs[i].asStringValue().asByteArray();
            if (!isPrefixOf(k, "stream")) {
                continue;
            }
            if (!kvs[i + 1].isStringValue()) {
                return UNKNOWN;
            }
            byte[] v = kvs[i + 1].asStringValue().asByteArray();
            if (isPrefixOf(v, "stdout")) {
                return STDOUT;
            }
            if (isPrefixOf(v, "stderr")) {
                return STDERR;
            }
            return UNKNOWN;
        }
        return NO_STREAM;
    }

    /** strncmp(s, word, len(s)) == 0 */
    private static boolean isPrefixOf(byte[] s, String word) {
        if (s.length > word.length()) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void emit(Event event, MapValue body, MapValue kubernetes, MapValue namespace,
                      AnnotationProperties props, FilterOutput out) {
        Value[] kvs = body.getKeyValueArray();
        String parserName = null;
        switch (stream(kvs)) {
            case STDOUT -> {
                if (props.stdoutExclude()) {
                    return;
                }
                parserName = props.stdoutParser();
            }
            case STDERR -> {
                if (props.stderrExclude()) {
                    return;
                }
                parserName = props.stderrParser();
            }
            default -> {
                // no parser here: Fluent Bit compares the two parser names by pointer, never equal
                if (props.stdoutExclude() && props.stderrExclude()) {
                    return;
                }
            }
        }
        Parser parser = parserName == null || parsers == null ? null : parsers.get(parserName);

        int logIndex = -1;
        if (options.mergeLog()) {
            for (int i = 0; i < kvs.length; i += 2) {
                byte[] k = raw(kvs[i]);
                if (k != null && k.length == 3 && k[0] == 'l' && k[1] == 'o' && k[2] == 'g') {
                    logIndex = i;
                    break;
                }
            }
        }
        int status = -1;
        MapValue merged = null;
        EventTime time = event.time();
        if (logIndex >= 0) {
            Value v = kvs[logIndex + 1];
            if (v.isMapValue()) {
                status = MERGE_MAP;
                merged = v.asMapValue();
            } else if (v.isStringValue()) {
                status = MERGE_NONE;
                Parser p = parser != null ? parser : mergeParser;
                if (p != null) {
                    Parser.Result r = p.parse(v.asStringValue().asString());
                    if (r != null) {
                        status = MERGE_PARSED;
                        merged = r.body();
                        // a parser without a time sets the record time to now (Fluent Bit's flb_time_get)
                        time = r.time() != null ? r.time() : EventTime.now();
                    }
                } else {
                    merged = jsonObject(v.asStringValue().asByteArray());
                    if (merged != null) {
                        status = MERGE_PARSED;
                    }
                }
            }
        }

        List<Value> outKv = new ArrayList<>(kvs.length + 8);
        for (int i = 0; i < kvs.length; i += 2) {
            if (i == logIndex) {
                if (options.keepLog()) {
                    outKv.add(kvs[i]);
                    outKv.add(kvs[i + 1]);
                } else if (status == MERGE_NONE) {
                    outKv.add(kvs[i]);
                    outKv.add(kvs[i + 1]);
                }
                continue;
            }
            outKv.add(kvs[i]);
            outKv.add(kvs[i + 1]);
        }
        if ((status == MERGE_PARSED || status == MERGE_MAP) && merged != null) {
            Value[] m = merged.getKeyValueArray();
            boolean trim = status == MERGE_PARSED && options.mergeLogTrim();
            List<Value> target = outKv;
            if (mergeLogKey != null && m.length > 0) {
                target = new ArrayList<>(m.length);
            }
            for (int i = 0; i < m.length; i += 2) {
                target.add(m[i]);
                target.add(trim && m[i + 1].isStringValue() ? trimmed(m[i + 1]) : m[i + 1]);
            }
            if (target != outKv) {
                outKv.add(mergeLogKey);
                outKv.add(ValueFactory.newMap(target.toArray(new Value[0])));
            }
        }
        if (kubernetes != null) {
            outKv.add(KUBERNETES);
            outKv.add(kubernetes);
        }
        if (namespace != null) {
            outKv.add(KUBERNETES_NAMESPACE);
            outKv.add(namespace);
        }
        out.keep(Event.of(time, ValueFactory.newMap(outKv.toArray(new Value[0]))));
    }

    /** flb_pack_json_recs: exactly one JSON value, an object; anything else does not merge. */
    private static MapValue jsonObject(byte[] text) {
        try {
            List<Value> vs = FluentJsonDecoder.decodeAll(text, 0, text.length);
            if (vs.size() != 1 || !vs.get(0).isMapValue()) {
                return null;
            }
            return vs.get(0).asMapValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * value_trim_size: drops trailing newlines and trailing escaped {@code \n} / {@code \r} sequences (two
     * characters), never the first character; a real carriage return is kept.
     */
    static Value trimmed(Value v) {
        byte[] b = v.asStringValue().asByteArray();
        int size = b.length;
        for (int i = size - 1; i > 0; i--) {
            if (b[i] == '\n') {
                size--;
                continue;
            }
            if (b[i - 1] == '\\' && (b[i] == 'n' || b[i] == 'r')) {
                size -= 2;
                i--;
            } else {
                break;
            }
        }
        if (size == b.length) {
            return v;
        }
        byte[] t = new byte[size];
        System.arraycopy(b, 0, t, 0, size);
        return ValueFactory.newString(t);
    }

    private static byte[] raw(Value v) {
        if (v.isStringValue()) {
            return v.asStringValue().asByteArray();
        }
        if (v.isBinaryValue()) {
            return v.asBinaryValue().asByteArray();
        }
        return null;
    }

    /**
     * A Falco alert: fills the {@code k8s.*} output fields that Falco left null or {@code <NA>} from the pod of
     * {@code container.id}, and appends the same {@code kubernetes} map as for logs. Unknown containers (host
     * events, pods not on this node) pass unchanged.
     */
    private void enrichAlert(Event event, MapValue body, MapValue fields, FilterOutput out) {
        String cid = text(first(fields, "container.id"));
        Optional<PodResolver.PodInfo> found = resolver.byContainerId(cid);
        if (found.isEmpty()) {
            out.keep(event);
            return;
        }
        PodResolver.PodInfo pod = found.get();
        Value[] fkv = fields.getKeyValueArray();
        Value[] nf = fkv.clone();
        for (int i = 0; i < nf.length; i += 2) {
            Value v = nf[i + 1];
            boolean missing = v.isNilValue() || "<NA>".equals(text(v));
            if (!missing) {
                continue;
            }
            String k = text(nf[i]);
            String fill = k == null ? null : k8sField(k, pod);
            if (fill != null) {
                nf[i + 1] = ValueFactory.newString(fill);
            }
        }
        Value[] kvs = body.getKeyValueArray();
        List<Value> outKv = new ArrayList<>(kvs.length + 2);
        for (int i = 0; i < kvs.length; i += 2) {
            String k = text(kvs[i]);
            if ("kubernetes".equals(k)) {
                continue;
            }
            outKv.add(kvs[i]);
            outKv.add("output_fields".equals(k) ? ValueFactory.newMap(nf) : kvs[i + 1]);
        }
        outKv.add(KUBERNETES);
        outKv.add(pod.kubernetes());
        out.keep(Event.of(event.time(), event.metadata(), ValueFactory.newMap(outKv.toArray(new Value[0]))));
    }

    private static String k8sField(String k, PodResolver.PodInfo pod) {
        switch (k) {
            case "k8s.pod.name":
                return pod.podName();
            case "k8s.ns.name":
                return pod.namespace();
            case "k8s.pod.id":
            case "k8s.pod.uid":
                return pod.podId();
            case "k8s.pod.labels":
                return labels(pod.labels());
            case "k8s.pod.ip": {
                Value ip = first(pod.kubernetes(), "pod_ip");
                return text(ip);
            }
            default:
                if (k.startsWith("k8s.pod.label[") && k.endsWith("]")) {
                    return pod.labels().get(k.substring(14, k.length() - 1));
                }
                if (k.startsWith("k8s.pod.label.")) {
                    return pod.labels().get(k.substring(14));
                }
                return null;
        }
    }

    /** Falco's rendering of k8s.pod.labels: {@code key:value, key2:value2}. */
    private static String labels(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(':').append(e.getValue());
        }
        return b.toString();
    }
}
