package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.output.Alert;
import dev.peregrine.filters.falco.output.AlertFormatOptions;
import dev.peregrine.filters.falco.output.AlertFormatter;
import dev.peregrine.filters.falco.output.AlertJson;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.scap.ScapReader;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.StateTracker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code peregrine rules test -r RULES -e CAPTURE}: runs a capture through rules and prints each alert as Falco
 * prints it (text, or JSON with {@code --json}), then a summary, like {@code falco -r RULES -e CAPTURE}.
 */
public final class CaptureTest {
    private CaptureTest() {
    }

    /** Returns the number of alerts. */
    public static long run(Path capture, RuleSet rules, MatchMode mode, boolean json, boolean allEvents,
                           String hostname, PrintStream out) throws IOException {
        AlertFormatOptions opts = AlertFormatOptions.defaults(hostname);
        AlertFormatter formatter = new AlertFormatter(rules, opts, FieldRegistry.syscall());
        long alerts = 0;
        long events = 0;
        try (ScapReader reader = ScapReader.open(capture)) {
            StateTracker state = reader.newStateTracker();
            SyscallFieldSource fields = new SyscallFieldSource();
            SyscallEvent ev = new SyscallEvent();
            while (reader.next(ev)) {
                EventContext ctx = state.apply(ev);
                events++;
                // Falco >= 0.42 evaluates exit events only; --all-events gives the older behaviour.
                if (!allEvents && !ev.isExit()) {
                    continue;
                }
                int type = EventTypeNames.indexOf(ev.name());
                if (type < 0) {
                    continue;
                }
                fields.set(ctx);
                for (CompiledRule r : rules.candidates(type)) {
                    if (r.matches(fields)) {
                        Alert a = formatter.format(r, fields, ev.ts());
                        out.println(json ? AlertJson.encode(a, opts) : a.textLine());
                        alerts++;
                        if (mode == MatchMode.FIRST) {
                            break;
                        }
                    }
                }
            }
        }
        out.println("Events detected: " + alerts);
        out.println("Events read: " + events);
        return alerts;
    }
}
