package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.rules.Definitions.Ctx;
import dev.peregrine.filters.falco.rules.Definitions.ExValue;
import dev.peregrine.filters.falco.rules.Definitions.ExceptionDef;
import dev.peregrine.filters.falco.rules.Definitions.ListDef;
import dev.peregrine.filters.falco.rules.Definitions.MacroDef;
import dev.peregrine.filters.falco.rules.Definitions.RuleDef;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads rules YAML into ordered definitions, applying redefinition, append and override semantics
 * (Falco {@code rule_loader_reader.cpp} + {@code rule_loader_collector.cpp}). The first error of a file
 * stops reading that file.
 */
final class RuleCollector {
    static final String WARNING_APPEND = "'append' key is deprecated. Add an 'append' entry (e.g. "
            + "'condition: append') under 'override' instead.";
    static final String WARNING_ENABLED = "The standalone 'enabled' key usage is deprecated. The correct approach "
            + "requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";
    static final String ERROR_OVERRIDE_APPEND = "Keys 'override' and 'append: true' cannot be used together. Add "
            + "an 'append' entry (e.g. 'condition: append') under 'override' instead.";
    static final String ERROR_NO_PREVIOUS_MACRO =
            "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
    static final String ERROR_NO_PREVIOUS_LIST =
            "List uses 'append' or 'override.items: append' but no list by that name already exists";
    static final String ERROR_NO_PREVIOUS_RULE_APPEND =
            "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
    static final String ERROR_NO_PREVIOUS_RULE_REPLACE =
            "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

    private static final Pattern LIST_NAME = Pattern.compile("[^()\"'\\s=,]+");
    private static final Pattern MACRO_NAME = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*");
    private static final Set<String> LIST_KEYS = Set.of("list", "items", "append", "override");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition", "append", "override");
    private static final Set<String> RULE_KEYS = Set.of("rule", "condition", "output", "desc", "priority", "source",
            "enabled", "tags", "exceptions", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter",
            "append", "override");
    private static final Set<String> APPENDABLE = Set.of("condition", "output", "desc", "tags", "exceptions");
    private static final Set<String> REPLACEABLE = Set.of("condition", "output", "desc", "priority", "capture",
            "capture_duration", "tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter");
    private static final Set<String> LIST_COMPS = Set.of("in", "pmatch", "intersects");
    private static final Set<String> ALL_COMPS = Set.of("=", "==", "!=", "<", "<=", ">", ">=", "contains",
            "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob", "regex", "in",
            "intersects", "pmatch");
    private static final Set<String> STR_COMPS = Set.of("==", "=", "!=", "glob", "iglob", "contains", "icontains",
            "bcontains", "startswith", "bstartswith", "endswith", "regex");

    final Map<String, ListDef> lists = new LinkedHashMap<>();
    final Map<String, MacroDef> macros = new LinkedHashMap<>();
    final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private final Set<String> knownSources;
    private final EngineVersion engineVersion;
    private LoadResult result;
    private String file;

    RuleCollector(Set<String> knownSources, EngineVersion engineVersion) {
        this.knownSources = knownSources;
        this.engineVersion = engineVersion;
    }

    void collect(String fileName, String content, LoadResult res) {
        this.result = res;
        this.file = fileName;
        try {
            Yaml yaml = new Yaml(new LoaderOptions());
            List<Node> docs = new ArrayList<>();
            try {
                for (Node n : yaml.composeAll(new StringReader(content))) {
                    docs.add(n);
                }
            } catch (MarkedYAMLException e) {
                throw new RuleLoadException(new LoadMessage(file, e.getProblemMark().getLine() + 1,
                        e.getProblemMark().getColumn() + 1, "", "", "Could not parse YAML: " + e.getProblem()));
            } catch (YAMLException e) {
                throw new RuleLoadException(new LoadMessage(file, 1, 1, "", "", "Could not parse YAML: "
                        + e.getMessage()));
            }
            for (Node doc : docs) {
                if (YamlNodes.isNull(doc)) {
                    continue;
                }
                if (!(doc instanceof SequenceNode seq)) {
                    throw new RuleLoadException(new LoadMessage(file, YamlNodes.line(doc), YamlNodes.col(doc), "", "",
                            "Rules content is not yaml array of objects"));
                }
                for (Node item : seq.getValue()) {
                    if (YamlNodes.isNull(item)) {
                        continue;
                    }
                    if (!(item instanceof MappingNode m)) {
                        throw new RuleLoadException(new LoadMessage(file, YamlNodes.line(item), YamlNodes.col(item),
                                "", "", "Unexpected element type. Each element should be a yaml associative array."));
                    }
                    item(m);
                }
            }
        } catch (RuleLoadException e) {
            res.error(e.detail);
        }
    }

    private void item(MappingNode m) {
        Map<String, Node> map = YamlNodes.mapping(m);
        Ctx base = new Ctx(file, YamlNodes.line(m), YamlNodes.col(m), "", "");
        if (map.containsKey("required_engine_version")) {
            engineVersion(map.get("required_engine_version"), base.withKind("required_engine_version", ""));
        } else if (map.containsKey("required_plugin_versions")) {
            // Plugin requirements are checked by the plugin layer; the engine only records them.
            return;
        } else if (map.containsKey("list")) {
            list(map, base.withKind("list", nameOf(map.get("list"), base)));
        } else if (map.containsKey("macro")) {
            macro(map, base.withKind("macro", nameOf(map.get("macro"), base)));
        } else if (map.containsKey("rule")) {
            rule(map, base.withKind("rule", nameOf(map.get("rule"), base)));
        } else {
            result.warning(base.message("Unknown top level item"));
        }
    }

    private String nameOf(Node n, Ctx ctx) {
        String s = YamlNodes.text(n);
        if (s == null || YamlNodes.isNull(n) || s.isEmpty()) {
            throw new RuleLoadException(ctx.message("Mapping for key 'name' is empty"));
        }
        return s;
    }

    private void engineVersion(Node n, Ctx ctx) {
        String v = YamlNodes.text(n);
        EngineVersion required = v == null ? null : EngineVersion.parseRequirement(v);
        if (required == null) {
            throw new RuleLoadException(ctx.message("Unable to parse engine version '" + v
                    + "'. Must be a valid semver version string"));
        }
        if (!engineVersion.compatibleWith(required)) {
            throw new RuleLoadException(ctx.message("Rules require engine version " + required
                    + ", but engine version is " + engineVersion));
        }
    }

    private void unknownKeys(Map<String, Node> map, Set<String> allowed, Ctx ctx) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                result.warning(ctx.message("Unknown key '" + k + "'. The key will be ignored."));
            }
        }
    }

    private Map<String, String> overrides(Map<String, Node> map, Ctx ctx) {
        Node o = map.get("override");
        if (o == null) {
            return null;
        }
        if (!(o instanceof MappingNode om)) {
            throw new RuleLoadException(ctx.message("Value of 'override' must be a map"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : YamlNodes.mapping(om).entrySet()) {
            String how = YamlNodes.text(e.getValue());
            if (!"append".equals(how) && !"replace".equals(how)) {
                throw new RuleLoadException(ctx.message("Invalid override value for key '" + e.getKey()
                        + "': must be 'append' or 'replace'"));
            }
            out.put(e.getKey(), how);
        }
        return out;
    }

    private boolean appendFlag(Map<String, Node> map, Ctx ctx) {
        Node a = map.get("append");
        if (a == null) {
            return false;
        }
        result.warning(ctx.message(WARNING_APPEND));
        return bool(a, ctx, "append");
    }

    private static boolean bool(Node n, Ctx ctx, String key) {
        String s = YamlNodes.text(n);
        if ("true".equalsIgnoreCase(s)) {
            return true;
        }
        if ("false".equalsIgnoreCase(s)) {
            return false;
        }
        throw new RuleLoadException(ctx.message("Value of '" + key + "' must be a boolean"));
    }

    private static String requiredString(Map<String, Node> map, String key, Ctx ctx) {
        Node n = map.get(key);
        if (n == null) {
            throw new RuleLoadException(ctx.message("Item has no mapping for key '" + key + "'"));
        }
        if (YamlNodes.isNull(n)) {
            return "";
        }
        String s = YamlNodes.text(n);
        if (s == null) {
            throw new RuleLoadException(ctx.message("Value of '" + key + "' must be a string"));
        }
        return s;
    }

    // ---- lists ----

    private void list(Map<String, Node> map, Ctx ctx) {
        unknownKeys(map, LIST_KEYS, ctx);
        if (!LIST_NAME.matcher(ctx.name()).matches()) {
            result.warning(ctx.message("List has an invalid name. List names should match a regular expression: "
                    + LIST_NAME.pattern()));
        }
        Map<String, String> ov = overrides(map, ctx);
        boolean append = appendFlag(map, ctx);
        if (append && ov != null) {
            throw new RuleLoadException(ctx.message(ERROR_OVERRIDE_APPEND));
        }
        if (ov != null) {
            checkOverrideKeys(map, ov, Set.of("items"), Set.of("items"), Set.of("list", "override"), ctx);
            append = "append".equals(ov.get("items"));
        }
        Node itemsNode = map.get("items");
        if (itemsNode == null) {
            throw new RuleLoadException(ctx.message("Item has no mapping for key 'items'"));
        }
        List<String> items = new ArrayList<>();
        if (!YamlNodes.isNull(itemsNode)) {
            if (!(itemsNode instanceof SequenceNode s)) {
                throw new RuleLoadException(ctx.message("Value of 'items' must be a sequence"));
            }
            for (Node i : s.getValue()) {
                String t = YamlNodes.text(i);
                if (t == null) {
                    throw new RuleLoadException(ctx.message("List items must be scalars"));
                }
                items.add(t);
            }
        }
        ListDef prev = lists.get(ctx.name());
        if (append) {
            if (prev == null) {
                throw new RuleLoadException(ctx.message(ERROR_NO_PREVIOUS_LIST));
            }
            prev.items.addAll(items);
            prev.visibility = lists.size();
            return;
        }
        ListDef d = prev != null ? prev : new ListDef();
        d.name = ctx.name();
        d.items = items;
        d.ctx = ctx;
        if (prev == null) {
            d.index = lists.size();
            lists.put(d.name, d);
        }
        d.visibility = prev == null ? d.index : lists.size();
    }

    // ---- macros ----

    private void macro(Map<String, Node> map, Ctx ctx) {
        unknownKeys(map, MACRO_KEYS, ctx);
        if (!MACRO_NAME.matcher(ctx.name()).matches()) {
            result.warning(ctx.message("Macro has an invalid name. Macro names should match a regular expression: "
                    + MACRO_NAME.pattern()));
        }
        Map<String, String> ov = overrides(map, ctx);
        boolean append = appendFlag(map, ctx);
        if (append && ov != null) {
            throw new RuleLoadException(ctx.message(ERROR_OVERRIDE_APPEND));
        }
        if (ov != null) {
            checkOverrideKeys(map, ov, Set.of("condition"), Set.of("condition"), Set.of("macro", "override"), ctx);
            append = "append".equals(ov.get("condition"));
        }
        String cond = requiredString(map, "condition", ctx);
        Node condNode = map.get("condition");
        Ctx condCtx = ctx.at(YamlNodes.line(condNode), YamlNodes.col(condNode));
        MacroDef prev = macros.get(ctx.name());
        if (append) {
            if (prev == null) {
                throw new RuleLoadException(ctx.message(ERROR_NO_PREVIOUS_MACRO));
            }
            prev.cond = prev.cond + " " + cond;
            prev.visibility = macros.size();
            return;
        }
        MacroDef d = prev != null ? prev : new MacroDef();
        d.name = ctx.name();
        d.cond = cond;
        d.ctx = ctx;
        d.condCtx = condCtx;
        if (prev == null) {
            d.index = macros.size();
            macros.put(d.name, d);
        }
        d.visibility = prev == null ? d.index : macros.size();
    }

    private void checkOverrideKeys(Map<String, Node> map, Map<String, String> ov, Set<String> appendable,
                                   Set<String> replaceable, Set<String> structural, Ctx ctx) {
        for (Map.Entry<String, String> e : ov.entrySet()) {
            String key = e.getKey();
            if (e.getValue().equals("append") && !appendable.contains(key)) {
                throw new RuleLoadException(ctx.message("Key '" + key + "' cannot be appended to, use 'replace' "
                        + "instead"));
            }
            if (e.getValue().equals("replace") && !replaceable.contains(key)) {
                throw new RuleLoadException(ctx.message("Key '" + key + "' cannot be replaced"));
            }
            if (!map.containsKey(key)) {
                throw new RuleLoadException(ctx.message("An " + e.getValue() + " override for '" + key
                        + "' was specified but '" + key + "' is not defined"));
            }
        }
        for (String key : map.keySet()) {
            if (!structural.contains(key) && !ov.containsKey(key) && (appendable.contains(key)
                    || replaceable.contains(key) || RULE_KEYS.contains(key))) {
                throw new RuleLoadException(ctx.message("Unexpected key '" + key + "': an 'override' entry for it "
                        + "is required"));
            }
        }
    }

    // ---- rules ----

    private void rule(Map<String, Node> map, Ctx ctx) {
        unknownKeys(map, RULE_KEYS, ctx);
        Map<String, String> ov = overrides(map, ctx);
        boolean append = appendFlag(map, ctx);
        if (append && ov != null) {
            throw new RuleLoadException(ctx.message(ERROR_OVERRIDE_APPEND));
        }
        String source = "syscall";
        boolean explicitSource = false;
        if (map.containsKey("source") && !YamlNodes.isNull(map.get("source"))
                && !YamlNodes.text(map.get("source")).isEmpty()) {
            source = YamlNodes.text(map.get("source"));
            explicitSource = true;
        }
        RuleDef prev = rules.get(ctx.name());
        if (prev != null && explicitSource && !prev.source.equals(source)) {
            throw new RuleLoadException(ctx.message("Rule has been re-defined with a different source"));
        }
        if (ov != null) {
            checkOverrideKeys(map, ov, APPENDABLE, REPLACEABLE, Set.of("rule", "override", "source"), ctx);
            if (prev == null) {
                throw new RuleLoadException(ctx.message(ov.containsValue("append") ? ERROR_NO_PREVIOUS_RULE_APPEND
                        : ERROR_NO_PREVIOUS_RULE_REPLACE));
            }
            for (Map.Entry<String, String> e : ov.entrySet()) {
                applyKey(prev, e.getKey(), map.get(e.getKey()), e.getValue().equals("append"), ctx);
            }
            return;
        }
        if (append) {
            if (prev == null) {
                throw new RuleLoadException(ctx.message(ERROR_NO_PREVIOUS_RULE_APPEND));
            }
            if (!map.containsKey("condition") && !map.containsKey("exceptions")) {
                throw new RuleLoadException(ctx.message("Appended rule must have exceptions or condition property"));
            }
            if (map.containsKey("condition")) {
                applyKey(prev, "condition", map.get("condition"), true, ctx);
            }
            if (map.containsKey("exceptions")) {
                applyKey(prev, "exceptions", map.get("exceptions"), true, ctx);
            }
            return;
        }
        boolean enableOnly = map.containsKey("enabled") && !map.containsKey("condition")
                && !map.containsKey("output") && !map.containsKey("desc") && !map.containsKey("priority");
        if (enableOnly) {
            result.warning(ctx.message(WARNING_ENABLED));
            if (prev == null) {
                throw new RuleLoadException(ctx.message("Rule has 'enabled' key but no rule by that name already "
                        + "exists"));
            }
            prev.enabled = bool(map.get("enabled"), ctx, "enabled");
            return;
        }
        RuleDef d = new RuleDef();
        d.name = ctx.name();
        d.ctx = ctx;
        d.source = source;
        d.cond = requiredString(map, "condition", ctx);
        d.condCtx = at(map.get("condition"), ctx);
        d.output = requiredString(map, "output", ctx).trim();
        d.outputCtx = at(map.get("output"), ctx);
        d.desc = requiredString(map, "desc", ctx);
        d.priority = priority(requiredString(map, "priority", ctx), ctx);
        for (String key : List.of("enabled", "tags", "exceptions", "capture", "capture_duration", "warn_evttypes",
                "skip-if-unknown-filter")) {
            if (map.containsKey(key)) {
                applyKey(d, key, map.get(key), false, ctx);
            }
        }
        d.unknownSource = !knownSources.contains(source);
        if (d.unknownSource) {
            result.warning(ctx.message("Unknown source " + source + ", skipping"));
        }
        if (prev != null) {
            // redefinition replaces the rule but keeps its original position
            rules.put(d.name, d);
        } else {
            rules.put(d.name, d);
        }
    }

    private static Ctx at(Node n, Ctx ctx) {
        return n == null ? ctx : ctx.at(YamlNodes.line(n), YamlNodes.col(n));
    }

    private static Priority priority(String s, Ctx ctx) {
        Priority p = Priority.parse(s);
        if (p == null) {
            throw new RuleLoadException(ctx.message("Invalid priority"));
        }
        return p;
    }

    private void applyKey(RuleDef d, String key, Node n, boolean append, Ctx ctx) {
        switch (key) {
            case "condition": {
                String c = YamlNodes.text(n);
                if (c == null) {
                    throw new RuleLoadException(ctx.message("Value of 'condition' must be a string"));
                }
                d.cond = append ? d.cond + " " + c : c;
                if (!append) {
                    d.condCtx = at(n, ctx);
                }
                break;
            }
            case "output": {
                String o = YamlNodes.text(n);
                d.output = (append ? d.output + " " + o : o).trim();
                break;
            }
            case "desc": {
                String o = YamlNodes.text(n);
                d.desc = append ? d.desc + " " + o : o;
                break;
            }
            case "priority":
                d.priority = priority(YamlNodes.text(n), ctx);
                break;
            case "enabled":
                d.enabled = bool(n, ctx, "enabled");
                break;
            case "warn_evttypes":
                d.warnEvttypes = bool(n, ctx, "warn_evttypes");
                break;
            case "skip-if-unknown-filter":
                d.skipIfUnknownFilter = bool(n, ctx, "skip-if-unknown-filter");
                break;
            case "capture": {
                // a non-boolean value fails schema validation only; Falco then keeps the default
                String s = YamlNodes.text(n);
                d.capture = "true".equalsIgnoreCase(s);
                break;
            }
            case "capture_duration": {
                String s = YamlNodes.text(n);
                try {
                    d.captureDuration = Long.parseLong(s == null ? "" : s.trim());
                } catch (NumberFormatException e) {
                    throw new RuleLoadException(ctx.message("Value of 'capture_duration' must be an integer"));
                }
                break;
            }
            case "tags": {
                if (!append) {
                    d.tags.clear();
                }
                if (n instanceof SequenceNode s) {
                    for (Node t : s.getValue()) {
                        d.tags.add(YamlNodes.text(t));
                    }
                } else if (!YamlNodes.isNull(n)) {
                    throw new RuleLoadException(ctx.message("Value of 'tags' must be a sequence"));
                }
                break;
            }
            case "exceptions":
                exceptions(d, n, append, ctx);
                break;
            default:
                break;
        }
    }

    // ---- exceptions ----

    private void exceptions(RuleDef d, Node n, boolean append, Ctx ctx) {
        if (YamlNodes.isNull(n)) {
            return;
        }
        if (!(n instanceof SequenceNode seq)) {
            throw new RuleLoadException(ctx.message("Rule exceptions must be a sequence"));
        }
        if (!append) {
            d.exceptions.clear();
        }
        for (Node e : seq.getValue()) {
            if (!(e instanceof MappingNode m)) {
                throw new RuleLoadException(ctx.message("Rule exception must be a mapping"));
            }
            Map<String, Node> map = YamlNodes.mapping(m);
            Ctx ectx = at(e, ctx);
            if (!map.containsKey("name")) {
                throw new RuleLoadException(ectx.message("Item has no mapping for key 'name'"));
            }
            String name = YamlNodes.text(map.get("name"));
            ExceptionDef existing = null;
            for (ExceptionDef x : d.exceptions) {
                if (x.name.equals(name)) {
                    existing = x;
                }
            }
            if (append && existing != null) {
                if (map.containsKey("fields") || map.containsKey("comps")) {
                    throw new RuleLoadException(ectx.message("Can not append exception fields or comps to existing "
                            + "exception, only values"));
                }
                if (!map.containsKey("values")) {
                    result.warning(ectx.message("Overriding/appending exception with no values"));
                    continue;
                }
                existing.values.addAll(values(map.get("values"), ectx));
                continue;
            }
            if (existing != null) {
                result.warning(ectx.message("Multiple definitions of exception '" + name + "' in the same rule"));
            }
            if (!map.containsKey("fields")) {
                throw new RuleLoadException(ectx.message("Item has no mapping for key 'fields'"));
            }
            ExceptionDef x = new ExceptionDef();
            x.name = name;
            x.ctx = ectx;
            x.fields = exValue(map.get("fields"));
            x.comps = map.containsKey("comps") ? exValue(map.get("comps")) : null;
            validateComps(x, ectx);
            if (!map.containsKey("values")) {
                if (append) {
                    result.warning(ectx.message("Overriding/appending exception with no values"));
                }
            } else {
                x.values.addAll(values(map.get("values"), ectx));
            }
            d.exceptions.add(x);
        }
    }

    private List<ExValue> values(Node n, Ctx ctx) {
        if (YamlNodes.isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode s)) {
            throw new RuleLoadException(ctx.message("Exception values must be a sequence"));
        }
        List<ExValue> out = new ArrayList<>();
        for (Node v : s.getValue()) {
            out.add(exValue(v));
        }
        return out;
    }

    private static ExValue exValue(Node n) {
        if (n instanceof SequenceNode s) {
            List<ExValue> items = new ArrayList<>();
            for (Node c : s.getValue()) {
                items.add(exValue(c));
            }
            return new ExValue(null, items);
        }
        String t = YamlNodes.text(n);
        return ExValue.scalar(t == null ? "" : t);
    }

    private static void validateComps(ExceptionDef x, Ctx ctx) {
        if (!x.fields.isList()) {
            if (x.comps == null) {
                x.comps = ExValue.scalar("in");
            }
            String c = normalizeComp(x.comps.item() == null ? "" : x.comps.item());
            if (!LIST_COMPS.contains(c) && !isModifierComp(c)) {
                throw new RuleLoadException(ctx.message("Rule exception item " + x.name
                        + ": fields and comps must be one of " + String.join(", ", LIST_COMPS)
                        + " or a string operator with a oneof/anyof/allof modifier"));
            }
            x.comps = ExValue.scalar(c);
            return;
        }
        List<ExValue> comps = new ArrayList<>();
        if (x.comps == null) {
            for (int i = 0; i < x.fields.items().size(); i++) {
                comps.add(ExValue.scalar("="));
            }
        } else {
            if (!x.comps.isList() || x.comps.items().size() != x.fields.items().size()) {
                throw new RuleLoadException(ctx.message("Rule exception item " + x.name
                        + ": fields and comps lists must have equal length"));
            }
            for (ExValue c : x.comps.items()) {
                String comp = normalizeComp(c.item() == null ? "" : c.item());
                if (!ALL_COMPS.contains(comp) && !isModifierComp(comp)) {
                    throw new RuleLoadException(ctx.message("Rule exception item " + x.name + ": '" + comp
                            + "' is not a supported comparison operator"));
                }
                comps.add(ExValue.scalar(comp));
            }
        }
        x.comps = new ExValue(null, comps);
    }

    static String normalizeComp(String c) {
        return String.join(" ", c.trim().split("\\s+"));
    }

    static boolean isModifierComp(String c) {
        String[] p = c.split(" ");
        return p.length == 2 && STR_COMPS.contains(p[0])
                && (p[1].equals("oneof") || p[1].equals("anyof") || p[1].equals("allof"));
    }
}
