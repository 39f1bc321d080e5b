package dev.peregrine.filters.falco.plugin;

import dev.peregrine.pipeline.event.TypedBody;

/**
 * Lets a module whose typed bodies cannot implement {@link FalcoEvent} (they live below this module) present them
 * to the {@code falco} filter. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.peregrine.filters.falco.plugin.FalcoEventAdapter}); the filter asks adapters in
 * turn and uses the first non-null answer.
 */
public interface FalcoEventAdapter {
    /** The body as a Falco event, or null if this adapter does not know it. */
    FalcoEvent adapt(TypedBody body);

    /** The body as a drop report, or null. */
    default SyscallDropReport dropReport(TypedBody body) {
        return null;
    }
}
