package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.compile.Filter;
import dev.peregrine.filters.falco.compile.SharedConditions;
import dev.peregrine.filters.falco.evttype.EventTypeNames;

import dev.peregrine.filters.falco.compile.EventTypeSpecializer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiled rules indexed by event type (Falco's {@code evttype_index_ruleset}). For an event, the enabled
 * rules indexed under its type run in definition order. Enabling/disabling rebuilds the index, so do it at
 * configuration time, not per event.
 */
public final class RuleSet {
    private static final CompiledRule[] NONE = new CompiledRule[0];

    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> byName;
    private final boolean[] enabled;
    private CompiledRule[][] byType;
    /**
     * Per event type index, per rule id: the rule with its condition specialised for that type and its shared
     * subconditions memoised (null where the rule cannot match the type). Prepared once for all rules, enabled
     * or not, so enabling and disabling only re-selects.
     */
    private final CompiledRule[][] prepared;

    RuleSet(List<CompiledRule> rules) {
        this.rules = List.copyOf(rules);
        this.byName = this.rules.stream().collect(Collectors.toMap(CompiledRule::name, Function.identity()));
        this.enabled = new boolean[rules.size()];
        for (CompiledRule r : rules) {
            enabled[r.id()] = r.enabledByDefault();
        }
        prepared = prepare(this.rules);
        reindex();
    }

    private static CompiledRule[][] prepare(List<CompiledRule> rules) {
        int maxId = rules.stream().mapToInt(CompiledRule::id).max().orElse(-1);
        CompiledRule[][] out = new CompiledRule[EventTypeNames.count()][];
        for (int t = 0; t < out.length; t++) {
            List<CompiledRule> matching = new ArrayList<>();
            for (CompiledRule r : rules) {
                if (r.source().equals("syscall") && r.eventTypes().contains(t)) {
                    matching.add(r);
                }
            }
            if (matching.isEmpty()) {
                continue;
            }
            String type = EventTypeNames.name(t);
            Map<Filter, Filter> folded = new IdentityHashMap<>();
            List<Filter> filters = new ArrayList<>();
            for (CompiledRule r : matching) {
                filters.add(EventTypeSpecializer.specialize(r.filter(), type, folded));
            }
            filters = SharedConditions.memoize(filters);
            out[t] = new CompiledRule[maxId + 1];
            for (int k = 0; k < matching.size(); k++) {
                CompiledRule r = matching.get(k);
                Filter f = filters.get(k);
                out[t][r.id()] = f == r.filter() ? r : r.withFilter(f);
            }
        }
        return out;
    }

    /** All compiled rules in definition order (including disabled ones). */
    public List<CompiledRule> rules() {
        return rules;
    }

    public CompiledRule rule(String name) {
        return byName.get(name);
    }

    public int enabledCount() {
        int n = 0;
        for (boolean b : enabled) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public boolean isEnabled(String name) {
        CompiledRule r = byName.get(name);
        return r != null && enabled[r.id()];
    }

    public void setEnabled(String name, boolean on) {
        CompiledRule r = byName.get(name);
        if (r != null) {
            enabled[r.id()] = on;
            reindex();
        }
    }

    /** Disables rules less severe than {@code minimum} (config {@code priority:}). */
    public void applyPriorityThreshold(Priority minimum) {
        for (CompiledRule r : rules) {
            if (!r.priority().atLeast(minimum)) {
                enabled[r.id()] = false;
            }
        }
        reindex();
    }

    private void reindex() {
        List<List<CompiledRule>> lists = new ArrayList<>();
        for (int i = 0; i < EventTypeNames.count(); i++) {
            lists.add(new ArrayList<>());
        }
        for (CompiledRule r : rules) {
            if (!enabled[r.id()] || !r.source().equals("syscall")) {
                continue;
            }
            for (int t : r.eventTypes().indexes()) {
                lists.get(t).add(r);
            }
        }
        CompiledRule[][] idx = new CompiledRule[lists.size()][];
        for (int i = 0; i < idx.length; i++) {
            List<CompiledRule> l = lists.get(i);
            if (l.isEmpty()) {
                idx[i] = NONE;
                continue;
            }
            idx[i] = new CompiledRule[l.size()];
            for (int k = 0; k < l.size(); k++) {
                idx[i][k] = prepared[i][l.get(k).id()];
            }
        }
        byType = idx;
    }

    /**
     * Candidate rules for an event type index ({@link EventTypeNames#indexOf}), in definition order. Their
     * {@link CompiledRule#filter()} is specialised for that event type ({@link EventTypeSpecializer}) and the
     * subconditions several of them share are evaluated once per event ({@link SharedConditions}): the same
     * answers on events of that type, fewer checks. {@link #rules()} and {@link #rule} keep the general filters.
     */
    public CompiledRule[] candidates(int eventType) {
        return eventType < 0 || eventType >= byType.length ? NONE : byType[eventType];
    }

    /** The first matching rule (Falco's default {@code rule_matching: first}), or null. */
    public CompiledRule firstMatch(int eventType, FieldSource event) {
        for (CompiledRule r : candidates(eventType)) {
            if (r.filter().matches(event)) {
                return r;
            }
        }
        return null;
    }

    /** Reports matches per {@code mode}; returns the number of matches. */
    public int evaluate(int eventType, FieldSource event, MatchMode mode, Consumer<CompiledRule> onMatch) {
        int n = 0;
        for (CompiledRule r : candidates(eventType)) {
            if (r.filter().matches(event)) {
                onMatch.accept(r);
                n++;
                if (mode == MatchMode.FIRST) {
                    break;
                }
            }
        }
        return n;
    }
}
