package dev.peregrine.pipeline.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Fluent Bit's YAML format into the same {@link Config} model as the classic reader: {@code env},
 * {@code includes}, {@code service}, {@code pipeline.inputs/filters/outputs}, {@code parsers},
 * {@code multiline_parsers}; other top-level keys are accepted and ignored as Fluent Bit does.
 *
 * <p>Keys are translated as Fluent Bit does: a key starting with a lowercase letter and without '_' is camelCase and
 * becomes snake_case; other keys are lowercased. A sequence value means "set the property once per item".
 */
public final class YamlConfigReader {
    private final Config config;
    private final Set<Path> read = new HashSet<>();
    private boolean serviceSeen;

    private YamlConfigReader(Config config) {
        this.config = config;
    }

    public static Config read(Path file) throws ConfigException {
        Config config = new Config(file);
        new YamlConfigReader(config).readFile(file, file.toString());
        return config;
    }

    /** Whether a file is read as YAML: by its extension, as Fluent Bit decides. */
    public static boolean isYaml(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private void readFile(Path path, String display) throws ConfigException {
        if (!Files.exists(path)) {
            throw new ConfigException(new Location(display, 0), "No such file or directory");
        }
        try {
            if (!read.add(path.toRealPath())) {
                throw new ConfigException(new Location(display, 0), "file already included " + display);
            }
        } catch (IOException e) {
            throw new ConfigException(new Location(display, 0), "cannot read file: " + e.getMessage());
        }
        Node root;
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(true);
            root = new Yaml(lo).compose(r);
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            int line = m == null ? 0 : m.getLine() + 1;
            int col = m == null ? 0 : m.getColumn() + 1;
            throw new ConfigException(new Location(display, line),
                "invalid YAML in file " + display + " at line " + line + ", column " + col + ": " + e.getProblem()
                    + (line > 1 ? " (check line " + (line - 1) + " for a missing ':' or wrong indentation)" : ""));
        } catch (YAMLException | IOException e) {
            throw new ConfigException(new Location(display, 0), "invalid YAML in file " + display + ": "
                + e.getMessage());
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode map)) {
            throw unexpected(display, root, "the top level must be a map");
        }
        Path dir = path.toAbsolutePath().getParent();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(display, t.getKeyNode()).toLowerCase(Locale.ROOT);
            Node v = t.getValueNode();
            switch (key) {
                case "env" -> env(display, v);
                case "includes" -> includes(display, v, dir);
                case "service" -> {
                    if (serviceSeen) {
                        throw unexpected(display, t.getKeyNode(), "duplicated definition of 'service'");
                    }
                    serviceSeen = true;
                    Section s = section(display, "service", v);
                    config.service().properties().addAll(s.properties());
                }
                case "pipeline" -> pipeline(display, v);
                case "parsers" -> {
                    for (Node item : list(display, v, "parsers")) {
                        config.parsers().add(section(display, "parser", item));
                    }
                }
                case "multiline_parsers" -> {
                    for (Node item : list(display, v, "multiline_parsers")) {
                        config.multilineParsers().add(section(display, "multiline_parser", item));
                    }
                }
                default -> {
                    // customs, plugins, upstream_servers, stream_processor, extensions and others: accepted.
                }
            }
        }
    }

    private void env(String file, Node v) throws ConfigException {
        if (v instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getValueNode() instanceof ScalarNode)) {
                    throw unexpected(file, t.getValueNode(), "env values must be scalars");
                }
                config.variables().put(scalar(file, t.getKeyNode()), scalar(file, t.getValueNode()));
            }
        } else if (v instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                Section e = section(file, "env", item);
                String name = e.get("name");
                String value = e.get("value");
                if (name == null) {
                    throw unexpected(file, item, "env entry without 'name'");
                }
                config.variables().put(name, value == null ? "" : value);
            }
        } else {
            throw unexpected(file, v, "env must be a map or a list");
        }
    }

    private void includes(String file, Node v, Path dir) throws ConfigException {
        for (Node item : list(file, v, "includes")) {
            String pattern = scalar(file, item);
            Path p = Path.of(pattern);
            if (!p.isAbsolute()) {
                p = dir.resolve(pattern);
            }
            if (pattern.indexOf('*') >= 0) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
                List<Path> matches = new ArrayList<>();
                if (Files.isDirectory(p.getParent())) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p.getParent())) {
                        for (Path f : ds) {
                            if (m.matches(f.getFileName())) {
                                matches.add(f);
                            }
                        }
                    } catch (IOException e) {
                        throw new ConfigException(loc(file, item), "cannot list " + p.getParent());
                    }
                }
                matches.sort(null);
                for (Path f : matches) {
                    include(f);
                }
            } else {
                if (!Files.exists(p)) {
                    throw new ConfigException(loc(file, item), "include " + pattern + ": No such file or directory");
                }
                include(p);
            }
        }
    }

    private void include(Path f) throws ConfigException {
        if (isYaml(f)) {
            readFile(f, f.toString());
        } else {
            ClassicConfigReader.readInto(config, f, false);
        }
    }

    private void pipeline(String file, Node v) throws ConfigException {
        if (!(v instanceof MappingNode m)) {
            throw unexpected(file, v, "'pipeline' must be a map");
        }
        for (NodeTuple t : m.getValue()) {
            String key = scalar(file, t.getKeyNode()).toLowerCase(Locale.ROOT);
            String kind = switch (key) {
                case "inputs" -> "input";
                case "filters" -> "filter";
                case "outputs" -> "output";
                case "customs" -> "custom";
                default -> throw new ConfigException(loc(file, t.getKeyNode()), "the pipeline component '" + key
                    + "' is not valid. Try one of these values: customs, inputs, filters or outputs.");
            };
            for (Node item : list(file, t.getValueNode(), "pipeline." + key)) {
                Section s = section(file, kind, item);
                config.addSection(s);
            }
        }
    }

    private List<Node> list(String file, Node v, String what) throws ConfigException {
        if (v instanceof SequenceNode s) {
            return s.getValue();
        }
        if (v instanceof ScalarNode sc && sc.getValue().isEmpty()) {
            return List.of();
        }
        throw unexpected(file, v, "'" + what + "' must be a list");
    }

    private Section section(String file, String kind, Node v) throws ConfigException {
        Section s = new Section(kind, loc(file, v));
        if (v instanceof ScalarNode sc && sc.getValue().isEmpty()) {
            return s;
        }
        if (!(v instanceof MappingNode m)) {
            throw unexpected(file, v, "a " + kind + " must be a map of properties");
        }
        for (NodeTuple t : m.getValue()) {
            String key = translateKey(scalar(file, t.getKeyNode()));
            Node val = t.getValueNode();
            Location at = loc(file, t.getKeyNode());
            if (val instanceof ScalarNode) {
                s.add(key, scalar(file, val), at);
            } else if (val instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof ScalarNode) {
                        s.add(key, scalar(file, item), loc(file, item));
                    } else {
                        // e.g. multiline parser rules, processors: kept as child sections.
                        s.children().add(section(file, key, item));
                    }
                }
            } else if (val instanceof MappingNode) {
                s.children().add(section(file, key, val));
            }
        }
        return s;
    }

    /** Fluent Bit's YAML key translation: camelCase (lowercase start, no '_') to snake_case; else lowercase. */
    static String translateKey(String key) {
        if (!key.isEmpty() && Character.isLowerCase(key.charAt(0)) && key.indexOf('_') < 0) {
            StringBuilder b = new StringBuilder();
            for (char c : key.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    b.append('_').append(Character.toLowerCase(c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        return key.toLowerCase(Locale.ROOT);
    }

    private static String scalar(String file, Node n) throws ConfigException {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw unexpected(file, n, "expected a scalar value");
    }

    private static Location loc(String file, Node n) {
        return new Location(file, n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1);
    }

    private static ConfigException unexpected(String file, Node n, String what) {
        int line = n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
        int col = n.getStartMark() == null ? 0 : n.getStartMark().getColumn() + 1;
        return new ConfigException(new Location(file, line), "YAML error found in file \"" + file + "\", line " + line
            + ", column " + col + ": " + what);
    }
}
