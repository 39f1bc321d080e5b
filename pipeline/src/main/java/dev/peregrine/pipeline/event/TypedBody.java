package dev.peregrine.pipeline.event;

import org.msgpack.value.MapValue;

/**
 * A record body that stays in a typed form (a decoded syscall, a Falco alert) until something asks for its map.
 * The hot path hands typed bodies from input to filter without building or serialising a map nobody reads.
 */
public interface TypedBody {
    /** Builds the msgpack map form of this body; called at most once per event (the result is cached). */
    MapValue toMap();

    /**
     * This body in a form valid after the append that handed it on returns. A body that views a buffer its source
     * reuses (a live syscall record) returns a copy that owns its data; others return themselves. The engine calls
     * it for every event that outlives the filter chain, so filters run on the live form without a copy.
     */
    default TypedBody retain() {
        return this;
    }

    /** About how many bytes the map form takes, for buffer accounting without building it. */
    default int sizeEstimate() {
        return 256;
    }
}
