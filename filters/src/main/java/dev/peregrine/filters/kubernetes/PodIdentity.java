package dev.peregrine.filters.kubernetes;

/**
 * What the tag (or a journald CONTAINER_NAME) says about a record's source; null for a part the regex did not
 * capture or captured empty (Fluent Bit ignores empty captures).
 */
record PodIdentity(String podName, String namespace, String containerName, String dockerId, String containerHash) {

    /** Fluent Bit's pod cache key: {@code ns:pod[:container][:docker_id]}, docker id only with Cache_Use_Docker_Id. */
    String cacheKey(boolean useDockerId) {
        StringBuilder b = new StringBuilder(namespace.length() + podName.length() + 48);
        b.append(namespace).append(':').append(podName);
        if (containerName != null) {
            b.append(':').append(containerName);
        }
        if (useDockerId && dockerId != null) {
            b.append(':').append(dockerId);
        }
        return b.toString();
    }
}
