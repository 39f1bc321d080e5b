package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.ConfigValues;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a section against a plugin's option table (plus the core's generic options) and produces typed
 * {@link Options}. It is pure (no I/O) and reports every problem of the section, each with {@code file:line}.
 */
public final class OptionsResolver {
    private OptionsResolver() {
    }

    public static Options resolve(PluginFactory factory, Section section, Env env, List<ConfigError> errors) {
        List<OptionSpec> specs = new ArrayList<>(GenericOptions.of(factory.kind()));
        specs.addAll(factory.options());
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            byName.put(s.name(), s);
        }
        Map<String, List<Object>> values = new HashMap<>();
        Map<String, Location> where = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        List<Map.Entry<String, Object>> ordered = new ArrayList<>();
        String plugin = factory.name();
        for (Property p : section.properties()) {
            String key = p.key();
            OptionSpec spec = byName.get(key);
            String value = env.expand(p.value());
            boolean generic = spec != null && isOneOf(spec, GenericOptions.of(factory.kind()));
            if (spec == null || (generic && value.isEmpty() && spec != GenericOptions.NAME)) {
                // An empty generic value falls through to the plugin's table in Fluent Bit: "unknown property".
                errors.add(new ConfigError(p.location(), plugin + ": unknown configuration property '" + key
                    + "'. The following properties are allowed: " + allowed(factory) + "."));
                continue;
            }
            int n = counts.merge(key, 1, Integer::sum);
            if (n > 1 && !spec.multiple()) {
                if (spec == GenericOptions.MATCH || spec == GenericOptions.MATCH_REGEX || generic) {
                    // Fluent Bit overwrites generic properties set twice (with a log line).
                    values.remove(key);
                } else {
                    errors.add(new ConfigError(p.location(), plugin + ": configuration property '" + key
                        + "' is set " + n + " times"));
                    continue;
                }
            }
            Object parsed = parse(spec, value);
            if (parsed == null) {
                errors.add(new ConfigError(p.location(), plugin + ": invalid value '" + value + "' for property '"
                    + key + "' (expected: " + expected(spec) + ")"));
                continue;
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(parsed);
            where.put(key, p.location());
            ordered.add(Map.entry(key, parsed));
        }
        for (OptionSpec s : specs) {
            if (!values.containsKey(s.name())) {
                List<Object> l = new ArrayList<>();
                if (s.defaultValue() != null) {
                    Object d = parse(s, s.defaultValue());
                    if (d == null) {
                        throw new IllegalStateException(plugin + ": bad default for " + s.name());
                    }
                    l.add(d);
                } else if (s.required() && s != GenericOptions.NAME) {
                    errors.add(new ConfigError(section.location(), plugin + ": missing required property '"
                        + s.name() + "'"));
                }
                values.put(s.name(), l);
            }
        }
        return new Options(values, where, ordered);
    }

    /** Fluent Bit's list: "a, b, and c". */
    public static String allowed(PluginFactory f) {
        List<String> names = new ArrayList<>();
        for (OptionSpec s : f.options()) {
            names.add(s.name());
        }
        if (names.isEmpty()) {
            return "(none)";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + ", and " + names.get(names.size() - 1);
    }

    static Object parse(OptionSpec spec, String v) {
        switch (spec.type()) {
            case STR:
                return v;
            case INT: {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case DOUBLE: {
                try {
                    return Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case BOOL:
                return ConfigValues.bool(v);
            case SIZE: {
                long s = ConfigValues.size(v);
                return s < 0 ? null : s;
            }
            case TIME: {
                double d = ConfigValues.seconds(v);
                return Double.isNaN(d) ? null : d;
            }
            case CLIST:
                return ConfigValues.clist(v);
            case SLIST:
                return ConfigValues.slist(v, spec.splits());
            default:
                throw new IllegalStateException();
        }
    }

    private static String expected(OptionSpec s) {
        return switch (s.type()) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case BOOL -> "on/off, true/false or yes/no";
            case SIZE -> "a size such as 512K, 5M or 1G";
            case TIME -> "a duration such as 10, 30s, 5m or 1h";
            default -> "text";
        };
    }

    /**
     * Membership by identity: the generic specs are singletons. (List.contains would call the record's equals,
     * whose first call bootstraps an invokedynamic call site and spins method-handle classes at every start.)
     */
    private static boolean isOneOf(OptionSpec spec, List<OptionSpec> specs) {
        for (OptionSpec s : specs) {
            if (s == spec) {
                return true;
            }
        }
        return false;
    }
}
