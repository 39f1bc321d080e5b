package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.pipeline.event.EventTime;

/**
 * What the {@code falco} filter needs from a syscall event. The event's {@link dev.peregrine.pipeline.event.TypedBody}
 * implements this, or a {@link FalcoEventAdapter} turns it into one.
 *
 * <p>Contract: {@link #eventType()} is the index of the event's type in
 * {@link dev.peregrine.filters.falco.evttype.EventTypeNames} (e.g. {@code EventTypeNames.indexOf("openat")}); rules
 * are only tried on events of the types their conditions can match. {@link #fields()} answers the fields of
 * {@link dev.peregrine.filters.falco.fields.FieldRegistry#syscall()} with the value conventions of
 * {@link FieldSource}; it is called once per event and may be the event itself. {@link #time()} is the event
 * timestamp (the alert's {@code %evt.time} and JSON {@code time}).
 */
public interface FalcoEvent {
    int eventType();

    FieldSource fields();

    EventTime time();
}
