package dev.peregrine.pipeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A config section: [SERVICE], [INPUT], [FILTER], [OUTPUT], [PARSER], [MULTILINE_PARSER] or another name (kept and
 * ignored, as Fluent Bit does). Properties keep their order and repeats.
 */
public final class Section {
    private final String kind;
    private final Location location;
    private final List<Property> properties = new ArrayList<>();
    /** Sub-sections, e.g. the rules of a YAML multiline parser. */
    private final List<Section> children = new ArrayList<>();

    public Section(String kind, Location location) {
        this.kind = kind.toLowerCase(Locale.ROOT);
        this.location = location;
    }

    public String kind() {
        return kind;
    }

    public Location location() {
        return location;
    }

    public List<Property> properties() {
        return properties;
    }

    public List<Section> children() {
        return children;
    }

    public void add(String key, String value, Location at) {
        properties.add(new Property(key.toLowerCase(Locale.ROOT), value, at));
    }

    /** The last value of a key (case-insensitive), or null. */
    public String get(String key) {
        Property p = property(key);
        return p == null ? null : p.value();
    }

    public Property property(String key) {
        Property found = null;
        for (Property p : properties) {
            if (p.key().equalsIgnoreCase(key)) {
                found = p;
            }
        }
        return found;
    }

    public List<Property> all(String key) {
        List<Property> out = new ArrayList<>();
        for (Property p : properties) {
            if (p.key().equalsIgnoreCase(key)) {
                out.add(p);
            }
        }
        return out;
    }

    public void remove(String key) {
        properties.removeIf(p -> p.key().equalsIgnoreCase(key));
    }

    public void set(String key, String value, Location at) {
        remove(key);
        add(key, value, at);
    }

    @Override
    public String toString() {
        return "[" + kind + "]@" + location + " " + properties;
    }
}
