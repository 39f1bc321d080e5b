package dev.peregrine.filters.rewritetag;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.Filter;
import org.msgpack.value.MapValue;

import java.util.List;
import java.util.regex.Matcher;

/**
 * Tries the rules in order; the first whose regex matches the key's string value re-emits the record under the
 * rendered tag (captures as $0..$9, $TAG, $TAG[n], $key) and keeps the original only when the rule says so. Later
 * rules are not tried. A record no rule matches passes unchanged.
 */
final class RewriteTagFilter implements Filter {
    private final RewriteRule[] rules;

    RewriteTagFilter(List<RewriteRule> rules) {
        this.rules = rules.toArray(new RewriteRule[0]);
    }

    @Override
    public void filter(String tag, Event event, FilterOutput out) {
        MapValue map = event.body();
        for (RewriteRule r : rules) {
            Matcher m = r.key().match(map, r.regex());
            if (m == null) {
                continue;
            }
            out.emit(r.tag().render(tag, map, m), event);
            if (r.keep()) {
                out.keep(event);
            }
            return;
        }
        out.keep(event);
    }
}
