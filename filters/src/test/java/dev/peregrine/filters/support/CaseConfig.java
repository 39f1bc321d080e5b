package dev.peregrine.filters.support;

import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny reader of the golden cases' configs, for tests only (the real config parser lives in the core): classic
 * {@code [SECTION]} / {@code key value} lines with {@code ${VAR}} expansion, and the YAML layout with
 * {@code parsers:} and {@code pipeline: inputs/filters}.
 */
public final class CaseConfig {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    public final List<Section> sections = new ArrayList<>();

    public List<Section> of(String kind) {
        return sections.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    public static CaseConfig classic(Path file, Map<String, String> env) {
        CaseConfig c = new CaseConfig();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Section cur = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && t.endsWith("]")) {
                cur = new Section(t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT),
                        new Location(file.toString(), i + 1));
                c.sections.add(cur);
                continue;
            }
            if (cur == null) {
                continue;
            }
            String[] kv = t.split("\\s+", 2);
            cur.add(kv[0], kv.length > 1 ? expand(kv[1].strip(), env) : "", new Location(file.toString(), i + 1));
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    public static CaseConfig yaml(Path file, Map<String, String> env) {
        LoaderOptions lo = new LoaderOptions();
        // keep every scalar a string, as Fluent Bit reads them
        Resolver plain = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
            }
        };
        Yaml yaml = new Yaml(new SafeConstructor(lo), new Representer(new DumperOptions()), new DumperOptions(), lo,
                plain);
        Map<String, Object> root;
        try {
            root = yaml.load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CaseConfig c = new CaseConfig();
        if (root.get("service") instanceof Map<?, ?> svc) {
            c.sections.add(section("service", (Map<String, Object>) svc, file, env));
        }
        Object parsers = root.get("parsers");
        if (parsers instanceof List<?> l) {
            for (Object o : l) {
                c.sections.add(section("parser", (Map<String, Object>) o, file, env));
            }
        }
        Object pipeline = root.get("pipeline");
        if (pipeline instanceof Map<?, ?> p) {
            for (String kind : List.of("inputs", "filters", "outputs")) {
                Object l = p.get(kind);
                if (l instanceof List<?> items) {
                    for (Object o : items) {
                        c.sections.add(section(kind.substring(0, kind.length() - 1), (Map<String, Object>) o, file,
                                env));
                    }
                }
            }
        }
        return c;
    }

    private static Section section(String kind, Map<String, Object> m, Path file, Map<String, String> env) {
        Section s = new Section(kind, new Location(file.toString(), 0));
        int n = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            List<Object> vals = e.getValue() instanceof List<?> l ? new ArrayList<>(l) : List.of(e.getValue());
            for (Object v : vals) {
                s.add(e.getKey(), expand(String.valueOf(v), env), new Location(file.toString(), ++n));
            }
        }
        return s;
    }

    private static String expand(String v, Map<String, String> env) {
        Matcher m = VAR.matcher(v);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String r = env.getOrDefault(m.group(1), System.getenv().getOrDefault(m.group(1), ""));
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }
}
