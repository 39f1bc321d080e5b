package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.config.Location;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A plugin instance's options after validation: each declared option's typed value (its default when not set).
 * Values: STR {@code String}, INT {@code Long}, DOUBLE {@code Double}, BOOL {@code Boolean}, SIZE {@code Long}
 * (bytes), TIME {@code Double} (seconds), CLIST and SLIST {@code List<String>}. A {@code multiple} option holds one
 * value per occurrence.
 */
public final class Options {
    private final Map<String, List<Object>> values;
    private final Map<String, Location> locations;
    private final List<Map.Entry<String, Object>> ordered;

    public Options(Map<String, List<Object>> values, Map<String, Location> locations) {
        this(values, locations, List.of());
    }

    /** @param ordered every value set in the config, in the order written (key, typed value) */
    public Options(Map<String, List<Object>> values, Map<String, Location> locations,
                   List<Map.Entry<String, Object>> ordered) {
        this.values = values;
        this.locations = locations;
        this.ordered = ordered;
    }

    /**
     * The values of the given options in the order they were written in the config, across keys (filters whose
     * rules run in config order, e.g. grep's Regex/Exclude and modify's rules, need this).
     */
    public List<Map.Entry<OptionSpec, Object>> inOrder(java.util.Collection<OptionSpec> specs) {
        Map<String, OptionSpec> by = new java.util.HashMap<>();
        for (OptionSpec s : specs) {
            by.put(s.name(), s);
        }
        List<Map.Entry<OptionSpec, Object>> out = new java.util.ArrayList<>();
        for (Map.Entry<String, Object> e : ordered) {
            OptionSpec s = by.get(e.getKey());
            if (s != null) {
                out.add(Map.entry(s, e.getValue()));
            }
        }
        return out;
    }

    public boolean isSet(OptionSpec spec) {
        return locations.containsKey(spec.name());
    }

    /** Where the option was set, or null when it has its default. */
    public Location location(OptionSpec spec) {
        return locations.get(spec.name());
    }

    @SuppressWarnings("unchecked")
    private <T> T one(OptionSpec spec) {
        List<Object> v = values.get(spec.name());
        if (v == null) {
            throw new IllegalArgumentException("option " + spec.name() + " is not declared by this plugin");
        }
        return v.isEmpty() ? null : (T) v.get(v.size() - 1);
    }

    public String str(OptionSpec spec) {
        return one(spec);
    }

    public Long integer(OptionSpec spec) {
        return one(spec);
    }

    public long integer(OptionSpec spec, long fallback) {
        Long v = one(spec);
        return v == null ? fallback : v;
    }

    public Double dbl(OptionSpec spec) {
        return one(spec);
    }

    public boolean bool(OptionSpec spec) {
        Boolean b = one(spec);
        return b != null && b;
    }

    public Long size(OptionSpec spec) {
        return one(spec);
    }

    public Double seconds(OptionSpec spec) {
        return one(spec);
    }

    public List<String> list(OptionSpec spec) {
        List<String> v = one(spec);
        return v == null ? List.of() : v;
    }

    /** Every occurrence of a {@code multiple} option, in config order. */
    @SuppressWarnings("unchecked")
    public <T> List<T> all(OptionSpec spec) {
        List<Object> v = values.get(spec.name());
        return v == null ? List.of() : (List<T>) Collections.unmodifiableList(v);
    }
}
