package dev.peregrine.it.deploy;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Renders the Helm chart's templates without helm (not packaged for Debian 12, so not installable here or in CI).
 *
 * <p>Design note: this implements only the subset of Go templates + Sprig that k8s/helm/peregrine uses, with Go's
 * semantics for it: {@code {{ pipeline }}}, {@code {{-}}/{{- -}}} whitespace trimming, {@code if/else/end},
 * {@code range $k, $v := map} (keys sorted, as Go does), the values {@code .Values.*}, {@code .Release.Name/Namespace},
 * {@code .Chart.Name/Version/AppVersion}, {@code .Files.Get "path"}, {@code $var}, and the functions {@code quote},
 * {@code nindent N}, {@code indent N}, {@code toYaml}. Anything else throws, so a template that grows past this subset
 * fails the test loudly instead of rendering wrong; then either keep the template simple or render with real helm.
 */
final class ChartRenderer {
    private final Path chart;
    private final Map<String, Object> root = new LinkedHashMap<>();

    ChartRenderer(Path chart, String releaseName, String namespace, Map<String, Object> values) throws IOException {
        this.chart = chart;
        Map<String, Object> chartYaml = new Yaml().load(Files.readString(chart.resolve("Chart.yaml")));
        root.put("Values", values);
        root.put("Release", Map.of("Name", releaseName, "Namespace", namespace, "Service", "Helm"));
        root.put("Chart", Map.of("Name", chartYaml.get("name"), "Version", chartYaml.get("version"),
            "AppVersion", String.valueOf(chartYaml.get("appVersion"))));
    }

    /**
     * The chart's values.yaml with {@code overrides} deep-merged over it, as helm's --values does: maps merge key by
     * key (an empty map changes nothing) and a null removes the key.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> values(Path chart, Map<String, Object> overrides) throws IOException {
        Map<String, Object> v = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        merge(v, overrides);
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            if (v == null) {
                into.remove(k);
            } else if (v instanceof Map && into.get(k) instanceof Map) {
                merge((Map<String, Object>) into.get(k), (Map<String, Object>) v);
            } else {
                into.put(k, v);
            }
        });
    }

    /** Every template (templates/*.yaml, in name order) rendered, as helm template prints them. */
    Map<String, String> renderAll() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(chart.resolve("templates"))) {
            for (Path t : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.put(t.getFileName().toString(), render(Files.readString(t), t.getFileName().toString()));
            }
        }
        return out;
    }

    String render(String template, String name) {
        List<Node> nodes = new Parser(template, name).parseUntil(List.of());
        StringBuilder sb = new StringBuilder();
        exec(nodes, new LinkedHashMap<>(), sb, name);
        return sb.toString();
    }

    // ---- parse -------------------------------------------------------------------------------------------------
    sealed interface Node permits Text, Action, If, Range {
    }

    record Text(String text) implements Node {
    }

    record Action(String pipeline) implements Node {
    }

    record If(String condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(String keyVar, String valueVar, String expr, List<Node> body) implements Node {
    }

    private static final class Parser {
        private final String src;
        private final String name;
        private int pos;
        private String stopWord;

        Parser(String src, String name) {
            this.src = src;
            this.name = name;
        }

        /** Nodes up to one of {@code stops} ("end", "else"), which is left in {@link #stopWord}. */
        List<Node> parseUntil(List<String> stops) {
            List<Node> nodes = new ArrayList<>();
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                if (open < 0) {
                    nodes.add(new Text(src.substring(pos)));
                    pos = src.length();
                    break;
                }
                int close = src.indexOf("}}", open);
                if (close < 0) {
                    throw new IllegalArgumentException(name + ": unclosed {{ at offset " + open);
                }
                String text = src.substring(pos, open);
                String action = src.substring(open + 2, close);
                boolean trimLeft = action.startsWith("-");
                boolean trimRight = action.endsWith("-");
                if (trimLeft) {
                    text = text.stripTrailing();
                }
                nodes.add(new Text(text));
                pos = close + 2;
                if (trimRight) {
                    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                        pos++;
                    }
                }
                String a = action.substring(trimLeft ? 1 : 0, action.length() - (trimRight ? 1 : 0)).trim();
                String word = a.split("\\s+", 2)[0];
                if (stops.contains(word)) {
                    stopWord = word;
                    return nodes;
                }
                switch (word) {
                    case "if" -> {
                        String cond = a.substring(2).trim();
                        List<Node> then = parseUntil(List.of("else", "end"));
                        List<Node> otherwise = List.of();
                        if ("else".equals(stopWord)) {
                            otherwise = parseUntil(List.of("end"));
                        }
                        nodes.add(new If(cond, then, otherwise));
                    }
                    case "range" -> {
                        var m = java.util.regex.Pattern.compile("range\\s+(\\$\\w+)\\s*,\\s*(\\$\\w+)\\s*:=\\s*(.+)")
                            .matcher(a);
                        if (!m.matches()) {
                            throw new IllegalArgumentException(name + ": unsupported range: " + a
                                + " (expected: range $k, $v := EXPR)");
                        }
                        nodes.add(new Range(m.group(1), m.group(2), m.group(3).trim(), parseUntil(List.of("end"))));
                    }
                    case "end", "else" -> throw new IllegalArgumentException(name + ": unexpected {{ " + a + " }}");
                    case "define", "template", "include", "with", "block", "define-" ->
                        throw new IllegalArgumentException(name + ": '" + word + "' is not supported by "
                            + "ChartRenderer; keep the templates simple (see its class comment)");
                    default -> {
                        if (a.startsWith("/*")) {
                            break;
                        }
                        nodes.add(new Action(a));
                    }
                }
            }
            if (!stops.isEmpty()) {
                throw new IllegalArgumentException(name + ": missing {{ end }}");
            }
            return nodes;
        }
    }

    // ---- execute -----------------------------------------------------------------------------------------------
    @SuppressWarnings("unchecked")
    private void exec(List<Node> nodes, Map<String, Object> vars, StringBuilder out, String name) {
        for (Node n : nodes) {
            if (n instanceof Text t) {
                out.append(t.text());
            } else if (n instanceof Action a) {
                Object v = pipeline(a.pipeline(), vars, name);
                out.append(v == null ? "" : format(v));
            } else if (n instanceof If i) {
                exec(truthy(pipeline(i.condition(), vars, name)) ? i.then() : i.otherwise(), vars, out, name);
            } else if (n instanceof Range r) {
                Object coll = pipeline(r.expr(), vars, name);
                if (coll instanceof Map<?, ?> m) {
                    for (Map.Entry<String, Object> e : new TreeMap<>((Map<String, Object>) m).entrySet()) {
                        Map<String, Object> inner = new LinkedHashMap<>(vars);
                        inner.put(r.keyVar(), e.getKey());
                        inner.put(r.valueVar(), e.getValue());
                        exec(r.body(), inner, out, name);
                    }
                } else if (coll instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) {
                        Map<String, Object> inner = new LinkedHashMap<>(vars);
                        inner.put(r.keyVar(), i);
                        inner.put(r.valueVar(), l.get(i));
                        exec(r.body(), inner, out, name);
                    }
                } else if (coll != null) {
                    throw new IllegalArgumentException(name + ": range over " + coll.getClass().getSimpleName());
                }
            }
        }
    }

    private static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true;
    }

    /** Go's fmt of a value in {{ }}: strings as they are, numbers and booleans in their usual form. */
    private static String format(Object v) {
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException("printing a map or list needs toYaml: " + v);
        }
        return String.valueOf(v);
    }

    private Object pipeline(String pipeline, Map<String, Object> vars, String name) {
        String[] stages = pipeline.split("\\|");
        Object v = null;
        for (int i = 0; i < stages.length; i++) {
            List<String> words = words(stages[i].trim());
            if (i == 0 && words.size() == 1) {
                v = term(words.get(0), vars, name);
            } else if (i == 0 && words.get(0).equals(".Files.Get")) {
                v = filesGet(unquote(words.get(1)), name);
            } else {
                List<Object> args = new ArrayList<>();
                for (String w : words.subList(1, words.size())) {
                    args.add(term(w, vars, name));
                }
                if (i > 0) {
                    args.add(v);
                }
                v = call(words.get(0), args, name);
            }
        }
        return v;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\S+").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String unquote(String s) {
        if (!s.startsWith("\"") || !s.endsWith("\"")) {
            throw new IllegalArgumentException("expected a quoted string: " + s);
        }
        return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    @SuppressWarnings("unchecked")
    private Object term(String w, Map<String, Object> vars, String name) {
        if (w.startsWith("\"")) {
            return unquote(w);
        }
        if (w.matches("-?\\d+")) {
            return Integer.parseInt(w);
        }
        if (w.startsWith("$")) {
            if (!vars.containsKey(w)) {
                throw new IllegalArgumentException(name + ": undefined variable " + w);
            }
            return vars.get(w);
        }
        if (w.startsWith(".")) {
            Object cur = root;
            for (String part : w.substring(1).split("\\.")) {
                if (cur == null) {
                    return null; // Helm: a missing parent gives nil, not an error, for .Values
                }
                if (!(cur instanceof Map)) {
                    throw new IllegalArgumentException(name + ": " + w + " goes into a " + cur.getClass().getSimpleName());
                }
                cur = ((Map<String, Object>) cur).get(part);
            }
            return cur;
        }
        throw new IllegalArgumentException(name + ": unsupported term '" + w + "'");
    }

    private String filesGet(String rel, String name) {
        try {
            Path p = chart.resolve(rel).normalize();
            if (!p.startsWith(chart) || !Files.isRegularFile(p)) {
                throw new IllegalArgumentException(name + ": .Files.Get \"" + rel + "\": no such file in the chart");
            }
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(String fn, List<Object> args, String name) {
        switch (fn) {
            case "quote":
                return "\"" + String.valueOf(args.get(0)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case "nindent":
                return "\n" + indent((Integer) args.get(0), String.valueOf(args.get(1)));
            case "indent":
                return indent((Integer) args.get(0), String.valueOf(args.get(1)));
            case "toYaml":
                return toYaml(args.get(0));
            default:
                throw new IllegalArgumentException(name + ": function '" + fn + "' is not supported by ChartRenderer");
        }
    }

    /** Sprig's indent: the pad before the first line and after every newline (so also on empty lines). */
    private static String indent(int n, String s) {
        String pad = " ".repeat(n);
        return pad + s.replace("\n", "\n" + pad);
    }

    /** Helm's toYaml: block style, no trailing newline (Helm trims it). */
    private static String toYaml(Object v) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        return new Yaml(o).dump(v).stripTrailing();
    }
}
