package dev.peregrine.filters.grep;

import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the config order of repeated options of different keys (grep's Regex and Exclude rules are evaluated in
 * the order they were written). {@link Options} keeps values per key and one location per key, so the groups of
 * each key are ordered by that location: exact when each key's lines are contiguous, which is how rules are written
 * in practice. Interleaved keys need an ordered view from the core (reported as a need).
 */
final class OptionOrder {
    private OptionOrder() {
    }

    static List<Map.Entry<OptionSpec, String>> inConfigOrder(Options options, List<OptionSpec> specs) {
        List<OptionSpec> keys = new ArrayList<>(specs);
        keys.sort(Comparator.comparing((OptionSpec s) -> options.location(s),
                Comparator.nullsLast(Comparator.comparing(Location::file, Comparator.nullsFirst(String::compareTo))
                        .thenComparingInt(Location::line))));
        List<Map.Entry<OptionSpec, String>> out = new ArrayList<>();
        for (OptionSpec s : keys) {
            for (Object v : options.all(s)) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(s, (String) v));
            }
        }
        return out;
    }
}
