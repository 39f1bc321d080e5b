package dev.peregrine.pipeline.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole configuration as read from a classic or YAML file (and command-line flags): the merged [SERVICE] section,
 * the plugin sections in order, parsers, and the variables set with {@code @SET} or YAML {@code env:}.
 * Values are kept as written; ${VAR} expansion happens when a value is applied ({@link Env}).
 */
public final class Config {
    private final Path file;
    private final Section service = new Section("service", Location.COMMAND_LINE);
    private final List<Section> inputs = new ArrayList<>();
    private final List<Section> filters = new ArrayList<>();
    private final List<Section> outputs = new ArrayList<>();
    private final List<Section> parsers = new ArrayList<>();
    private final List<Section> multilineParsers = new ArrayList<>();
    private final Map<String, String> variables = new LinkedHashMap<>();

    public Config(Path file) {
        this.file = file;
    }

    /** The main config file, or null for a config built from flags only. */
    public Path file() {
        return file;
    }

    public Section service() {
        return service;
    }

    public List<Section> inputs() {
        return inputs;
    }

    public List<Section> filters() {
        return filters;
    }

    public List<Section> outputs() {
        return outputs;
    }

    public List<Section> parsers() {
        return parsers;
    }

    public List<Section> multilineParsers() {
        return multilineParsers;
    }

    /** Variables from {@code @SET} and YAML {@code env:}; they win over the process environment. */
    public Map<String, String> variables() {
        return variables;
    }

    /** Adds a section by its kind: plugin sections, parsers, service (merged); other kinds are ignored. */
    public void addSection(Section s) {
        switch (s.kind()) {
            case "input" -> inputs.add(s);
            case "filter" -> filters.add(s);
            case "output" -> outputs.add(s);
            case "parser" -> parsers.add(s);
            case "multiline_parser" -> multilineParsers.add(s);
            case "service" -> service.properties().addAll(s.properties());
            default -> {
                // Fluent Bit keeps unknown sections ("other") and ignores them.
            }
        }
    }
}
