package dev.peregrine.filters.falco.plugin;

import dev.peregrine.pipeline.event.TypedBody;

/**
 * Lets a module whose typed bodies cannot implement {@link FalcoEvent} (they live below this module) present them
 * to the {@code falco} filter. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.peregrine.filters.falco.plugin.FalcoEventAdapter}); the filter asks adapters in
 * turn and uses the first non-null answer.
 */
public interface FalcoEventAdapter {
    /**
     * The body as a Falco event, or null if this adapter does not know it. The answer may be a view the adapter
     * reuses: it is valid until the next call on the same thread (the filter finishes an event before the next).
     */
    FalcoEvent adapt(TypedBody body);

    /** The body as a drop report, or null. */
    default SyscallDropReport dropReport(TypedBody body) {
        return null;
    }
}
