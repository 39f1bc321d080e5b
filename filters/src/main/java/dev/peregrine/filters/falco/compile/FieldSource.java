package dev.peregrine.filters.falco.compile;

/**
 * Read access to one event's field values. Implementations return {@code null} when the field cannot be
 * extracted (no thread info, not an fd event, ...), which makes every comparison on it false.
 *
 * <p>Value conventions: string fields as {@link String}; numeric fields as {@link Number}; {@code BOOL} as
 * {@link Boolean}; IP addresses as {@link String} literal, {@link java.net.InetAddress} or {@code byte[]};
 * byte buffers as {@code byte[]} (or an ISO-8859-1 String). List fields ({@code fd.types}) and fields that
 * match several candidates ({@code proc.aname} without index = any ancestor, {@code fd.ip}/{@code fd.net}/
 * {@code fd.port} = either endpoint) return a {@link java.util.List}.
 */
@FunctionalInterface
public interface FieldSource {
    Object value(FieldRef ref);
}
