package dev.peregrine.pipeline.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** The plugins on the class path, found with {@link ServiceLoader}; names and aliases are case-insensitive. */
public final class PluginRegistry {
    private final Map<String, PluginFactory> inputs = new LinkedHashMap<>();
    private final Map<String, PluginFactory> filters = new LinkedHashMap<>();
    private final Map<String, PluginFactory> outputs = new LinkedHashMap<>();

    public static PluginRegistry load() {
        PluginRegistry r = new PluginRegistry();
        ClassLoader cl = PluginRegistry.class.getClassLoader();
        ServiceLoader.load(InputFactory.class, cl).forEach(r::register);
        ServiceLoader.load(FilterFactory.class, cl).forEach(r::register);
        ServiceLoader.load(OutputFactory.class, cl).forEach(r::register);
        return r;
    }

    public void register(PluginFactory f) {
        Map<String, PluginFactory> m = table(f.kind());
        m.put(f.name().toLowerCase(Locale.ROOT), f);
        for (String a : f.aliases()) {
            m.putIfAbsent(a.toLowerCase(Locale.ROOT), f);
        }
    }

    private Map<String, PluginFactory> table(PluginKind kind) {
        return switch (kind) {
            case INPUT -> inputs;
            case FILTER -> filters;
            case OUTPUT -> outputs;
        };
    }

    /** The factory for a name or alias, or null. */
    public PluginFactory find(PluginKind kind, String name) {
        return table(kind).get(name.toLowerCase(Locale.ROOT));
    }

    /** The factories of a kind, sorted by name, without alias duplicates. */
    public List<PluginFactory> all(PluginKind kind) {
        List<PluginFactory> out = new ArrayList<>();
        for (PluginFactory f : table(kind).values()) {
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(PluginFactory::name));
        return out;
    }
}
