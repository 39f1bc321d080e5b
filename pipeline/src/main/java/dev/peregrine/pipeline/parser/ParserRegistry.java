package dev.peregrine.pipeline.parser;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The parsers known to a running config, by name (case-insensitive). */
public final class ParserRegistry {
    private final Map<String, Parser> parsers = new LinkedHashMap<>();
    private final Map<String, Object> multiline = new LinkedHashMap<>();

    public void add(Parser p) {
        parsers.put(p.name().toLowerCase(Locale.ROOT), p);
    }

    public Parser get(String name) {
        return parsers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean contains(String name) {
        return parsers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Multiline parsers ([MULTILINE_PARSER]); typed by the tail input that uses them. */
    public void addMultiline(String name, Object parser) {
        multiline.put(name.toLowerCase(Locale.ROOT), parser);
    }

    public Object multiline(String name) {
        return multiline.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, Parser> all() {
        return parsers;
    }
}
