package dev.peregrine.filters.kubernetes;

import org.msgpack.value.MapValue;

/**
 * The metadata of one container of a pod, ready to append: the {@code kubernetes} map in Fluent Bit's key order and
 * the annotation properties for that container. Immutable, shared by every record of the container.
 */
record PodMetadata(MapValue kubernetes, AnnotationProperties properties) {
}
