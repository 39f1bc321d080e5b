package dev.peregrine.filters.grep;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;

import java.util.List;

/**
 * Evaluates grep rules on each record.
 *
 * <ul>
 *   <li>legacy (no Logical_Op): rules in order; the first Regex that matches keeps the record at once, a Regex that
 *   does not match drops it at once, an Exclude that matches drops it; a record that passes every rule is kept;</li>
 *   <li>AND / OR: all rules are of one kind; AND stops at the first rule that does not match, OR at the first that
 *   does; the last evaluated rule decides.</li>
 * </ul>
 * Only string values can match: numbers, booleans, maps and missing keys never do.
 */
final class GrepFilter implements Filter {
    enum Mode { LEGACY, AND, OR }

    private final Mode mode;
    private final GrepRule[] rules;

    GrepFilter(Mode mode, List<GrepRule> rules) {
        this.mode = mode;
        this.rules = rules.toArray(new GrepRule[0]);
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        if (keep(event.body())) {
            out.keep(event);
        }
    }

    boolean keep(MapValue map) {
        if (mode == Mode.LEGACY) {
            for (GrepRule r : rules) {
                boolean m = r.field().matches(map, r.regex());
                if (!m) {
                    if (!r.exclude()) {
                        return false;
                    }
                } else {
                    return !r.exclude();
                }
            }
            return true;
        }
        if (rules.length == 0) {
            return true;
        }
        boolean found = false;
        GrepRule last = rules[0];
        for (GrepRule r : rules) {
            last = r;
            found = r.field().matches(map, r.regex());
            if (mode == Mode.OR && found) {
                break;
            }
            if (mode == Mode.AND && !found) {
                break;
            }
        }
        return last.exclude() != found;
    }
}
