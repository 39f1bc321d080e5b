package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.parser.RubyRegex;

import java.util.List;
import java.util.regex.Matcher;

/** Reads a {@link PodIdentity} with the tag regex (Regex_Parser's, or Fluent Bit's default for tags or journald). */
final class PodIdentityMatcher {
    /** Fluent Bit's KUBE_TAG_TO_REGEX: the file name kubelet gives under /var/log/containers. */
    static final String TAG_REGEX = "(?<pod_name>[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)"
            + "_(?<namespace_name>[^_]+)_(?<container_name>.+)-(?<docker_id>[a-z0-9]{64})\\.log$";
    /** Fluent Bit's KUBE_JOURNAL_TO_REGEX: docker's journald CONTAINER_NAME {@code k8s_<container>_<pod>_<ns>_...}. */
    static final String JOURNAL_REGEX = "^(?<name_prefix>[^_]+)_(?<container_name>[^\\._]+)(\\.(?<container_hash>[^_]+))?"
            + "_(?<pod_name>[^_]+)_(?<namespace_name>[^_]+)_[^_]+_[^_]+$";

    private final RubyRegex regex;

    PodIdentityMatcher(RubyRegex regex) {
        this.regex = regex;
    }

    /** The identity in {@code text} (searched, not anchored, like Onigmo's search), or null when it does not match. */
    PodIdentity match(String text) {
        Matcher m = regex.matcher(text);
        if (!m.find()) {
            return null;
        }
        String pod = null;
        String ns = null;
        String container = null;
        String docker = null;
        String hash = null;
        List<String> names = regex.groupNames();
        for (int i = 0; i < names.size(); i++) {
            String v = m.group(regex.javaGroupName(i));
            if (v == null || v.isEmpty()) {
                continue;
            }
            switch (names.get(i)) {
                case "pod_name" -> pod = pod == null ? v : pod;
                case "namespace_name" -> ns = ns == null ? v : ns;
                case "container_name" -> container = container == null ? v : container;
                case "docker_id" -> docker = docker == null ? v : docker;
                case "container_hash" -> hash = hash == null ? v : hash;
                default -> {
                }
            }
        }
        return new PodIdentity(pod, ns, container, docker, hash);
    }
}
