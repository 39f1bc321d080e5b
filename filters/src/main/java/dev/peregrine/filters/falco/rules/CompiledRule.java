package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.compile.Filter;
import dev.peregrine.filters.falco.evttype.EventTypeSet;

import java.util.Set;

/** A loaded rule: metadata, macro-free condition AST, compiled filter and the event types it can match. */
public record CompiledRule(int id, String name, String description, String source, Priority priority,
                           Set<String> tags, String output, boolean capture, long captureDuration,
                           Expr condition, String compiledCondition, Filter filter, EventTypeSet eventTypes,
                           boolean enabledByDefault) {

    /** This rule with another filter (same answers on the events it is used for, e.g. one event type). */
    public CompiledRule withFilter(Filter f) {
        return new CompiledRule(id, name, description, source, priority, tags, output, capture, captureDuration,
                condition, compiledCondition, f, eventTypes, enabledByDefault);
    }

    public boolean matches(FieldSource event) {
        return filter.matches(event);
    }
}
