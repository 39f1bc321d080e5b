package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static dev.peregrine.filters.kubernetes.KubernetesFilterFactory.*;

/**
 * The filter's settings, typed. {@code apiUri} is Fluent Bit's reading of Kube_URL: http:// or https:// only, port
 * 443 when none is given (even for http).
 */
public record KubernetesOptions(
        URI apiUri, String caFile, String caPath, String tokenFile, String tokenCommand, Duration tokenTtl,
        String namespaceFile, String tagPrefix, String regexParser,
        boolean mergeLog, String mergeLogKey, boolean mergeLogTrim, String mergeParser, boolean keepLog,
        boolean k8sLoggingParser, boolean k8sLoggingExclude,
        boolean labels, boolean annotations, boolean namespaceLabels, boolean namespaceAnnotations,
        boolean namespaceMetadataOnly, boolean ownerReferences,
        boolean useKubelet, String kubeletHost, int kubeletPort,
        boolean tlsVerify, int tlsDebug, String tlsVhost, boolean tlsVerifyHostname,
        long bufferSize, String preloadCacheDir, Duration metaCacheTtl, Duration namespaceCacheTtl,
        int dnsRetries, Duration dnsWaitTime,
        boolean useJournal, boolean useTagForMeta, boolean cacheUseDockerId, boolean dummyMeta,
        Duration metaWait, int metaCacheSize, Duration negativeCacheTtl, String nodeName) {

    static KubernetesOptions from(Options o, Map<String, String> env) throws PluginConfigException {
        String url = o.str(KUBE_URL);
        URI api;
        String rest;
        String scheme;
        if (url.startsWith("http://")) {
            scheme = "http";
            rest = url.substring(7);
        } else if (url.startsWith("https://")) {
            scheme = "https";
            rest = url.substring(8);
        } else {
            throw new PluginConfigException("invalid kube_url '" + url + "' (expected: http:// or https://)");
        }
        // Fluent Bit keeps only host and port: any path in the URL is ignored
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int colon = rest.indexOf(':');
        String host = colon >= 0 ? rest.substring(0, colon) : rest;
        int port = 443;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
        }
        api = URI.create(scheme + "://" + host + ":" + port);
        String node = o.str(NODE_NAME);
        if (node == null) {
            node = env.get("NODE_NAME");
        }
        return new KubernetesOptions(api, o.str(CA_FILE), o.str(CA_PATH), o.str(TOKEN_FILE), o.str(TOKEN_COMMAND),
                duration(o.seconds(TOKEN_TTL)), o.str(NAMESPACE_FILE), o.str(TAG_PREFIX), o.str(REGEX_PARSER),
                o.bool(MERGE_LOG), o.str(MERGE_LOG_KEY), o.bool(MERGE_LOG_TRIM), o.str(MERGE_PARSER),
                o.bool(KEEP_LOG), o.bool(K8S_LOGGING_PARSER), o.bool(K8S_LOGGING_EXCLUDE),
                o.bool(LABELS), o.bool(ANNOTATIONS), o.bool(NAMESPACE_LABELS), o.bool(NAMESPACE_ANNOTATIONS),
                o.bool(NAMESPACE_METADATA_ONLY), o.bool(OWNER_REFERENCES),
                o.bool(USE_KUBELET), o.str(KUBELET_HOST), (int) o.integer(KUBELET_PORT, 10250),
                o.bool(TLS_VERIFY), (int) o.integer(TLS_DEBUG, 0), o.str(TLS_VHOST), o.bool(TLS_VERIFY_HOSTNAME),
                o.size(BUFFER_SIZE) == null ? 0 : o.size(BUFFER_SIZE), o.str(PRELOAD_CACHE_DIR),
                duration(o.seconds(META_CACHE_TTL)), duration(o.seconds(NAMESPACE_CACHE_TTL)),
                (int) o.integer(DNS_RETRIES, 6), duration(o.seconds(DNS_WAIT_TIME)),
                o.bool(USE_JOURNAL), o.bool(USE_TAG_FOR_META), o.bool(CACHE_USE_DOCKER_ID), o.bool(DUMMY_META),
                duration(o.seconds(META_WAIT)), (int) o.integer(META_CACHE_SIZE, 10000),
                duration(o.seconds(META_NEGATIVE_TTL)), node);
    }

    private static Duration duration(Double seconds) {
        return seconds == null ? Duration.ZERO : Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The kubelet's base URI (Use_Kubelet): always HTTPS, as in Fluent Bit. */
    URI kubeletUri() {
        return URI.create("https://" + kubeletHost + ":" + kubeletPort);
    }

    boolean namespaceMetaWanted() {
        return namespaceLabels || namespaceAnnotations;
    }
}
