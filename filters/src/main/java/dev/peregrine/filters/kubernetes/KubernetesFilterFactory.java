package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;

/** The kubernetes filter's options (Fluent Bit's config map, same names and defaults) and its creation. */
public final class KubernetesFilterFactory implements FilterFactory {
    static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/";

    static final OptionSpec BUFFER_SIZE = OptionSpec.size("buffer_size", "32K",
            "buffer size to receive response from API server (0 = unlimited)");
    static final OptionSpec TLS_DEBUG = OptionSpec.integer("tls.debug", "0", "set TLS debug level");
    static final OptionSpec TLS_VERIFY = OptionSpec.bool("tls.verify", "true", "enable or disable verification of "
            + "TLS peer certificate");
    static final OptionSpec TLS_VHOST = OptionSpec.str("tls.vhost", null, "set optional TLS virtual host");
    static final OptionSpec TLS_VERIFY_HOSTNAME = OptionSpec.bool("tls.verify_hostname", "off",
            "enable or disable to verify hostname");
    static final OptionSpec MERGE_LOG = OptionSpec.bool("merge_log", "false",
            "merge 'log' key content as individual keys");
    static final OptionSpec MERGE_PARSER = OptionSpec.str("merge_parser", null,
            "specify a 'parser' name to parse the 'log' key content");
    static final OptionSpec MERGE_LOG_KEY = OptionSpec.str("merge_log_key", null,
            "set the 'key' name where the content of 'key' will be placed");
    static final OptionSpec MERGE_LOG_TRIM = OptionSpec.bool("merge_log_trim", "true",
            "remove ending '\\n' or '\\r' characters from the log content");
    static final OptionSpec KEEP_LOG = OptionSpec.bool("keep_log", "true",
            "keep original log content if it was successfully parsed and merged");
    static final OptionSpec KUBE_URL = OptionSpec.str("kube_url", "https://kubernetes.default.svc",
            "Kubernetes API server URL");
    static final OptionSpec PRELOAD_CACHE_DIR = OptionSpec.str("kube_meta_preload_cache_dir", null,
            "set directory with metadata files");
    static final OptionSpec CA_FILE = OptionSpec.str("kube_ca_file", SA_DIR + "ca.crt",
            "Kubernetes TLS CA file");
    static final OptionSpec CA_PATH = OptionSpec.str("kube_ca_path", null, "Kubernetes TLS ca path");
    static final OptionSpec TAG_PREFIX = OptionSpec.str("kube_tag_prefix", "kube.var.log.containers.",
            "prefix used in tag by the input plugin");
    static final OptionSpec NAMESPACE_FILE = OptionSpec.str("kube_namespace_file", SA_DIR + "namespace",
            "Kubernetes namespace file");
    static final OptionSpec TOKEN_FILE = OptionSpec.str("kube_token_file", SA_DIR + "token",
            "Kubernetes authorization token file");
    static final OptionSpec TOKEN_COMMAND = OptionSpec.str("kube_token_command", null,
            "command to get Kubernetes authorization token");
    static final OptionSpec LABELS = OptionSpec.bool("labels", "true", "include Kubernetes labels on every record");
    static final OptionSpec ANNOTATIONS = OptionSpec.bool("annotations", "true",
            "include Kubernetes annotations on every record");
    static final OptionSpec OWNER_REFERENCES = OptionSpec.bool("owner_references", "false",
            "include Kubernetes owner references on every record");
    static final OptionSpec NAMESPACE_LABELS = OptionSpec.bool("namespace_labels", "false",
            "include Kubernetes namespace labels on every record");
    static final OptionSpec NAMESPACE_ANNOTATIONS = OptionSpec.bool("namespace_annotations", "false",
            "include Kubernetes namespace annotations on every record");
    static final OptionSpec NAMESPACE_METADATA_ONLY = OptionSpec.bool("namespace_metadata_only", "false",
            "ignore pod metadata entirely and only fetch namespace metadata");
    static final OptionSpec K8S_LOGGING_PARSER = OptionSpec.bool("k8s-logging.parser", "false",
            "allow Pods to suggest a parser");
    static final OptionSpec K8S_LOGGING_EXCLUDE = OptionSpec.bool("k8s-logging.exclude", "false",
            "allow Pods to exclude themselves from the logging pipeline");
    static final OptionSpec USE_JOURNAL = OptionSpec.bool("use_journal", "false",
            "use Journald (systemd) mode");
    static final OptionSpec REGEX_PARSER = OptionSpec.str("regex_parser", null,
            "optional parser name to specify how to parse the data contained in the tag");
    static final OptionSpec DUMMY_META = OptionSpec.bool("dummy_meta", "false", "use 'dummy' metadata, do not "
            + "talk to API server");
    static final OptionSpec DNS_RETRIES = OptionSpec.integer("dns_retries", "6",
            "dns lookup retries N times until the network start working");
    static final OptionSpec DNS_WAIT_TIME = OptionSpec.time("dns_wait_time", "30",
            "dns interval between network status checks");
    static final OptionSpec CACHE_USE_DOCKER_ID = OptionSpec.bool("cache_use_docker_id", "false",
            "fetch K8s meta when docker_id is changed");
    static final OptionSpec USE_TAG_FOR_META = OptionSpec.bool("use_tag_for_meta", "false",
            "use tag associated to retrieve metadata instead of kube-server");
    static final OptionSpec USE_KUBELET = OptionSpec.bool("use_kubelet", "false",
            "use kubelet to get metadata instead of kube-server");
    static final OptionSpec KUBELET_HOST = OptionSpec.str("kubelet_host", "127.0.0.1", "kubelet host to connect with "
            + "when using kubelet");
    static final OptionSpec KUBELET_PORT = OptionSpec.integer("kubelet_port", "10250",
            "kubelet port to connect with when using kubelet");
    static final OptionSpec TOKEN_TTL = OptionSpec.time("kube_token_ttl", "10m",
            "kubernetes token ttl, until it is reread from the token file. Default: 10m");
    static final OptionSpec META_CACHE_TTL = OptionSpec.time("kube_meta_cache_ttl", "0",
            "configurable TTL for K8s cached metadata. By default, it is set to 0 which means TTL for cache entries "
                    + "is disabled and cache entries are evicted at random when capacity is reached.");
    static final OptionSpec NAMESPACE_CACHE_TTL = OptionSpec.time("kube_meta_namespace_cache_ttl", "15m",
            "configurable TTL for K8s cached namespace metadata. (15m by default)");
    // Accepted so Fluent Bit configs load; the AWS pod association is not implemented (see the report).
    static final List<OptionSpec> AWS = List.of(
            OptionSpec.bool("aws_use_pod_association", "false", "use custom endpoint to get pod to service name "
                    + "mapping (not implemented: accepted and ignored)"),
            OptionSpec.bool("use_pod_association", "false", "alias of aws_use_pod_association (ignored)"),
            OptionSpec.str("aws_pod_association_host", "cloudwatch-agent.amazon-cloudwatch", "(ignored)"),
            OptionSpec.str("aws_pod_association_endpoint", "/kubernetes/pod-to-service-env-map", "(ignored)"),
            OptionSpec.integer("aws_pod_association_port", "4311", "(ignored)"),
            OptionSpec.integer("aws_pod_service_map_ttl", "0", "(ignored)"),
            OptionSpec.integer("aws_pod_service_map_refresh_interval", "60", "(ignored)"),
            OptionSpec.str("aws_pod_service_preload_cache_dir", null, "(ignored)"),
            OptionSpec.str("aws_pod_association_host_server_ca_file",
                    "/etc/amazon-cloudwatch-observability-agent-server-cert/tls-ca.crt", "(ignored)"),
            OptionSpec.str("aws_pod_association_host_client_cert_file",
                    "/etc/amazon-cloudwatch-observability-agent-client-cert/client.crt", "(ignored)"),
            OptionSpec.str("aws_pod_association_host_client_key_file",
                    "/etc/amazon-cloudwatch-observability-agent-client-cert/client.key", "(ignored)"),
            OptionSpec.integer("aws_pod_association_host_tls_debug", "0", "(ignored)"),
            OptionSpec.bool("aws_pod_association_host_tls_verify", "true", "(ignored)"),
            OptionSpec.str("set_platform", null, "(ignored)"));

    // Peregrine's own options: Fluent Bit blocks on the API; we wait a bounded time instead.
    static final OptionSpec META_WAIT = OptionSpec.time("kube_meta_wait", "300ms",
            "Peregrine: how long filter() waits for metadata that is not cached yet before passing the record "
                    + "without it (the lookup goes on in the background). Default: 300ms");
    static final OptionSpec META_CACHE_SIZE = OptionSpec.integer("kube_meta_cache_size", "10000",
            "Peregrine: maximum number of pods kept in the metadata cache");
    static final OptionSpec META_NEGATIVE_TTL = OptionSpec.time("kube_meta_negative_cache_ttl", "10s",
            "Peregrine: how long a pod the API does not know (404), or a failed lookup, is remembered before "
                    + "asking again");
    static final OptionSpec NODE_NAME = OptionSpec.str("kube_node_name", null,
            "Peregrine: node whose pods are listed to resolve Falco alerts by container id (default: env "
                    + "NODE_NAME); the list may exceed Buffer_Size, up to 64M");

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public String description() {
        return "Filter to append Kubernetes metadata";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> all = new java.util.ArrayList<>(List.of(BUFFER_SIZE, TLS_DEBUG, TLS_VERIFY, TLS_VHOST,
                TLS_VERIFY_HOSTNAME, MERGE_LOG, MERGE_PARSER, MERGE_LOG_KEY, MERGE_LOG_TRIM, KEEP_LOG, KUBE_URL,
                PRELOAD_CACHE_DIR, CA_FILE, CA_PATH, TAG_PREFIX, NAMESPACE_FILE, TOKEN_FILE, TOKEN_COMMAND, LABELS,
                ANNOTATIONS, OWNER_REFERENCES, NAMESPACE_LABELS, NAMESPACE_ANNOTATIONS, NAMESPACE_METADATA_ONLY,
                K8S_LOGGING_PARSER, K8S_LOGGING_EXCLUDE, USE_JOURNAL, REGEX_PARSER, DUMMY_META, DNS_RETRIES,
                DNS_WAIT_TIME, CACHE_USE_DOCKER_ID, USE_TAG_FOR_META, USE_KUBELET, KUBELET_HOST, KUBELET_PORT,
                TOKEN_TTL, META_CACHE_TTL, NAMESPACE_CACHE_TTL));
        all.addAll(AWS);
        all.addAll(List.of(META_WAIT, META_CACHE_SIZE, META_NEGATIVE_TTL, NODE_NAME));
        return all;
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        KubernetesOptions o = KubernetesOptions.from(ctx.options(), System.getenv());
        return KubernetesFilter.create(o, ctx.parsers(), ctx.log());
    }
}
