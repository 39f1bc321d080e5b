package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.Priority;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.scap.ScapReader;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.StateTracker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a capture through a rule set, as {@code falco -r capture.scap} does: every event updates the state;
 * the selected events are evaluated against the rules indexed under their type, in definition order.
 */
public final class ScapReplay {
    /** Which events the rules see. */
    public enum Evaluate {
        /** Enter and exit events, as Falco up to 0.41 evaluated captures that hold both. */
        ALL_EVENTS,
        /** Exit events only, as Falco 0.42+ does (drivers send exit events only; {@code evt.dir = <} is always true). */
        EXIT_ONLY
    }

    /** One alert: the rule, the event that triggered it, and the rule's priority. */
    public record Alert(String rule, long eventNum, Priority priority, String eventType) {
    }

    private ScapReplay() {
    }

    public static List<Alert> run(Path capture, RuleSet rules, MatchMode mode, Evaluate evaluate) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        try (ScapReader reader = ScapReader.open(capture)) {
            StateTracker tracker = reader.newStateTracker();
            SyscallFieldSource source = new SyscallFieldSource();
            SyscallEvent ev = new SyscallEvent();
            while (reader.next(ev)) {
                EventContext ctx = tracker.apply(ev);
                if (evaluate == Evaluate.EXIT_ONLY && !ev.isExit()) {
                    continue;
                }
                String type = ev.name();
                int index = EventTypeNames.indexOf(type);
                if (index < 0) {
                    continue;
                }
                source.set(ctx);
                for (CompiledRule r : rules.candidates(index)) {
                    if (r.matches(source)) {
                        alerts.add(new Alert(r.name(), ev.num(), r.priority(), type));
                        if (mode == MatchMode.FIRST) {
                            break;
                        }
                    }
                }
            }
        }
        return alerts;
    }
}
