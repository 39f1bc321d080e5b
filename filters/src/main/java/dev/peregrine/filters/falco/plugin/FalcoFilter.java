package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.output.Alert;
import dev.peregrine.filters.falco.output.AlertBody;
import dev.peregrine.filters.falco.output.AlertFormatter;
import dev.peregrine.filters.falco.output.AlertRecordFormat;
import dev.peregrine.filters.falco.output.InternalAlerts;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.event.TypedBody;
import dev.peregrine.pipeline.plugin.Filter;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates Falco rules on each typed syscall event and emits one alert record per match under the alert tag.
 *
 * <p>Design note: the per-event path allocates nothing unless a rule matches: candidates come from the rule set's
 * event-type index, and the filter reads fields through the event's own {@link FieldSource}. Events without a typed
 * body (ordinary logs) and typed bodies that are not syscall events (e.g. alerts re-entering the pipeline) pass
 * through unchanged. Syscall events are consumed unless {@code Keep_Events} is on.
 */
final class FalcoFilter implements Filter {
    private final RuleSet rules;
    private final AlertFormatter formatter;
    private final MatchMode mode;
    private final String alertTag;
    private final AlertRecordFormat recordFormat;
    private final boolean keepEvents;
    private final FalcoEventAdapter[] adapters;

    FalcoFilter(RuleSet rules, AlertFormatter formatter, MatchMode mode, String alertTag,
                AlertRecordFormat recordFormat, boolean keepEvents, List<FalcoEventAdapter> adapters) {
        this.rules = rules;
        this.formatter = formatter;
        this.mode = mode;
        this.alertTag = alertTag;
        this.recordFormat = recordFormat;
        this.keepEvents = keepEvents;
        this.adapters = adapters.toArray(new FalcoEventAdapter[0]);
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        TypedBody body = event.typedBody();
        if (body == null) {
            out.keep(event);
            return;
        }
        FalcoEvent fe = body instanceof FalcoEvent f ? f : adapt(body);
        if (fe == null) {
            SyscallDropReport drops = body instanceof SyscallDropReport d ? d : dropReport(body);
            if (drops == null) {
                out.keep(event);
            } else if (drops.counts().nDrops() > 0) {
                out.emit(alertTag, dropAlert(drops));
            }
            return;
        }
        evaluate(fe, out);
        if (keepEvents) {
            out.keep(event);
        }
    }

    /**
     * The event types some enabled rule is indexed under (Falco's rule event-type index), so the syscall input
     * reports only those (besides its state syscalls and its {@code Syscalls} option), as Falco does. With
     * {@code Keep_Events} the outputs see the same selection.
     */
    @Override
    public Set<String> eventTypes() {
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < EventTypeNames.count(); i++) {
            if (rules.candidates(i).length > 0) {
                types.add(EventTypeNames.name(i));
            }
        }
        return types;
    }

    /**
     * Without Keep_Events an event of a type no enabled rule is indexed under is dropped here without an alert, so
     * the input need not hand it on (the syscall input still applies it to its state: close, dup, ...).
     */
    @Override
    public boolean dropsOtherEventTypes() {
        return !keepEvents;
    }

    /** Runs the rules on one event; returns the number of alerts emitted. */
    int evaluate(FalcoEvent fe, FilterOutput out) {
        CompiledRule[] candidates = rules.candidates(fe.eventType());
        if (candidates.length == 0) {
            return 0;
        }
        FieldSource fields = fe.fields();
        int n = 0;
        for (CompiledRule r : candidates) {
            if (r.filter().matches(fields)) {
                out.emit(alertTag, alertEvent(r, fields, fe.time()));
                n++;
                if (mode == MatchMode.FIRST) {
                    break;
                }
            }
        }
        return n;
    }

    private Event alertEvent(CompiledRule r, FieldSource fields, EventTime t) {
        Alert a = formatter.format(r, fields, t.seconds() * 1_000_000_000L + t.nanos());
        return Event.typed(t, new AlertBody(a, formatter.options(), recordFormat));
    }

    Event dropAlert(SyscallDropReport d) {
        EventTime t = d.time();
        Alert a = InternalAlerts.syscallEventDrop(t.seconds() * 1_000_000_000L + t.nanos(), d.counts(),
                d.ebpfEnabled(), formatter.options().hostname(), formatter.options().zone());
        return Event.typed(t, new AlertBody(a, formatter.options(), recordFormat));
    }

    private FalcoEvent adapt(TypedBody body) {
        for (FalcoEventAdapter a : adapters) {
            FalcoEvent fe = a.adapt(body);
            if (fe != null) {
                return fe;
            }
        }
        return null;
    }

    private SyscallDropReport dropReport(TypedBody body) {
        for (FalcoEventAdapter a : adapters) {
            SyscallDropReport r = a.dropReport(body);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    RuleSet rules() {
        return rules;
    }
}
