/**
 * The {@code kubernetes} filter (Fluent Bit 5.1.1's {@code plugins/filter_kubernetes}): reads the pod identity from
 * the tag (or a journald record), looks the pod up in the Kubernetes API (or kubelet, or a preload directory), and
 * adds the {@code kubernetes} map, merges a JSON {@code log}, and honours the {@code fluentbit.io/*} annotations.
 *
 * <p>Unlike Fluent Bit, which blocks its pipeline on the API call, lookups go through an asynchronous Caffeine cache
 * ({@link dev.peregrine.filters.kubernetes.PodMetadataCache}): one request in flight per pod, and the thread that
 * calls {@code filter()} waits at most {@code Kube_Meta_Wait} for it; a record whose metadata is not ready then
 * passes as it would when the API is down in Fluent Bit (merged, but without a {@code kubernetes} map).
 *
 * <p>It also enriches Falco alerts by container id ({@link dev.peregrine.filters.kubernetes.PodResolver}).
 */
package dev.peregrine.filters.kubernetes;
