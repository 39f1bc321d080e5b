package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.ast.AstPrinter;
import dev.peregrine.filters.falco.ast.BinaryCheckExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.Position;
import dev.peregrine.filters.falco.ast.UnaryCheckExpr;
import dev.peregrine.filters.falco.compile.CompileException;
import dev.peregrine.filters.falco.compile.ConditionCompiler;
import dev.peregrine.filters.falco.compile.Filter;
import dev.peregrine.filters.falco.evttype.EventTypeAnalyzer;
import dev.peregrine.filters.falco.evttype.EventTypeSet;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.parse.ConditionParser;
import dev.peregrine.filters.falco.parse.ConditionSyntaxException;
import dev.peregrine.filters.falco.rules.Definitions.Ctx;
import dev.peregrine.filters.falco.rules.Definitions.ListDef;
import dev.peregrine.filters.falco.rules.Definitions.MacroDef;
import dev.peregrine.filters.falco.rules.Definitions.RuleDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads Falco rules files and compiles them into a {@link RuleSet}.
 *
 * <pre>{@code
 * RuleLoader loader = new RuleLoader();
 * loader.load("falco_rules.yaml", yamlText);      // repeat per file, in order
 * RuleSet rules = loader.compile();               // null if loader.result() has errors
 * CompiledRule hit = rules.firstMatch(EventTypeNames.indexOf("openat"), fieldSource);
 * }</pre>
 *
 * Later files can redefine, append to or override items of earlier ones; compilation sees everything loaded.
 */
public final class RuleLoader {
    private static final int MAX_DEPTH = 1000;
    private static final int TOO_MANY_EVTTYPES = 100;
    private static final String CONTAINER_INFO = "%container.info";

    private final FieldRegistry registry;
    private final RuleCollector collector;
    private final LoadResult result = new LoadResult();
    private final Map<String, String> compiledLists = new LinkedHashMap<>();

    public RuleLoader() {
        this(FieldRegistry.syscall(), EngineVersion.CURRENT);
    }

    public RuleLoader(FieldRegistry registry, EngineVersion engineVersion) {
        this.registry = registry;
        this.collector = new RuleCollector(Set.of("syscall"), engineVersion);
    }

    /** Reads one rules file; its first error stops reading it (see {@link #result()}). */
    public RuleLoader load(String fileName, String content) {
        collector.collect(fileName, content, result);
        return this;
    }

    /** All errors and warnings so far. */
    public LoadResult result() {
        return result;
    }

    /** Compiles everything loaded; returns null (and records the error) if any error occurred. */
    public RuleSet compile() {
        if (!result.successful()) {
            return null;
        }
        try {
            return compileAll();
        } catch (RuleLoadException e) {
            result.error(e.detail);
            return null;
        }
    }

    private RuleSet compileAll() {
        Map<String, List<String>> lists = compileLists();
        Set<String> usedLists = new TreeSet<>();
        Set<String> usedMacros = new TreeSet<>();

        Map<String, Expr> macroAsts = new LinkedHashMap<>();
        for (MacroDef m : collector.macros.values()) {
            macroAsts.put(m.name, parse(m.cond, lists, usedLists, m.condCtx));
        }
        Map<String, Expr> resolvedMacros = new HashMap<>();
        for (MacroDef m : collector.macros.values()) {
            Map<String, Expr> visible = new HashMap<>();
            for (MacroDef o : collector.macros.values()) {
                if (o.index < m.visibility) {
                    visible.put(o.name, macroAsts.get(o.name));
                }
            }
            resolvedMacros.put(m.name, resolve(macroAsts.get(m.name), visible, usedMacros, m.condCtx));
        }

        ConditionCompiler compiler = new ConditionCompiler(registry);
        List<CompiledRule> out = new ArrayList<>();
        for (RuleDef r : collector.rules.values()) {
            if (r.unknownSource) {
                continue;
            }
            CompiledRule c = compileRule(r, lists, usedLists, macroAsts, usedMacros, compiler, out.size());
            if (c != null) {
                out.add(c);
            }
        }
        for (MacroDef m : collector.macros.values()) {
            if (!usedMacros.contains(m.name)) {
                result.warning(m.ctx.message("Macro not referred to by any other rule/macro"));
            }
        }
        for (ListDef l : collector.lists.values()) {
            if (!usedLists.contains(l.name)) {
                result.warning(l.ctx.message("List not referred to by any other rule/macro"));
            }
        }
        return new RuleSet(out);
    }

    /** Expands references to lists defined earlier (visibility) into their items. */
    private Map<String, List<String>> compileLists() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ListDef l : collector.lists.values()) {
            List<String> items = new ArrayList<>();
            for (String item : l.items) {
                ListDef ref = collector.lists.get(item);
                if (ref != null && ref.index < l.visibility) {
                    ref.used = true;
                    items.addAll(ref.items);
                } else {
                    items.add(item);
                }
            }
            out.put(l.name, items);
        }
        return out;
    }

    private Expr parse(String cond, Map<String, List<String>> lists, Set<String> usedLists, Ctx ctx) {
        String text = cond;
        for (Map.Entry<String, List<String>> l : lists.entrySet()) {
            String next = ListSubstitution.apply(text, l.getKey(), l.getValue());
            if (next != null) {
                text = next;
                usedLists.add(l.getKey());
            }
        }
        for (ListDef l : collector.lists.values()) {
            if (l.used) {
                usedLists.add(l.name);
            }
        }
        try {
            return ConditionParser.parse(text, MAX_DEPTH);
        } catch (ConditionSyntaxException e) {
            throw new RuleLoadException(located(ctx, e.position(), e.reason()));
        }
    }

    private Expr resolve(Expr ast, Map<String, Expr> visible, Set<String> used, Ctx ctx) {
        try {
            return new MacroResolver(visible, used::add).resolve(ast);
        } catch (MacroResolver.UndefinedMacro e) {
            throw new RuleLoadException(located(ctx, e.node.pos(), e.getMessage()));
        }
    }

    /** Maps a position inside a condition string to a file position (approximate for folded scalars). */
    private static LoadMessage located(Ctx ctx, Position p, String message) {
        int line = ctx.line() + p.line() - 1;
        int col = p.line() == 1 ? ctx.col() + p.col() - 1 : p.col();
        return new LoadMessage(ctx.file(), line, col, ctx.kind(), ctx.name(), message);
    }

    private CompiledRule compileRule(RuleDef r, Map<String, List<String>> lists, Set<String> usedLists,
                                     Map<String, Expr> macros, Set<String> usedMacros, ConditionCompiler compiler,
                                     int id) {
        String cond = r.exceptions.isEmpty() ? r.cond : ExceptionConditions.apply(r.cond, r.exceptions);
        String output = r.output;
        if (output.contains(CONTAINER_INFO)) {
            result.warning(r.ctx.message("%container.info is deprecated and no more useful, and will be dropped by "
                    + "Falco 1.0.0. The container plugin will automatically add required fields to the output "
                    + "message."));
            output = output.replace(CONTAINER_INFO, "");
        }
        String outputErr = OutputFormatCheck.check(output, registry);
        if (outputErr != null) {
            if (r.skipIfUnknownFilter) {
                result.warning(r.outputCtx.message(outputErr));
                return null;
            }
            throw new RuleLoadException(r.outputCtx.message(outputErr));
        }
        if (output.contains("evt.dir")) {
            result.warning(r.outputCtx.message("usage of deprecated field 'evt.dir' has been detected in the rule "
                    + "output"));
        }
        Expr ast = resolve(parse(cond, lists, usedLists, r.condCtx), macros, usedMacros, r.condCtx);
        Filter filter;
        try {
            filter = compiler.compile(ast);
        } catch (CompileException e) {
            String msg = e.getMessage();
            boolean unknown = msg.contains("nonexistent field") || msg.contains("invalid formatting token")
                    || msg.contains("unknown event type") || msg.contains("unknown filter:");
            if (unknown && r.skipIfUnknownFilter) {
                result.warning(located(r.condCtx, e.position(), msg));
                return null;
            }
            throw new RuleLoadException(located(r.condCtx, e.position(), msg));
        }
        for (String w : compiler.warnings()) {
            result.warning(r.condCtx.message(w));
        }
        if (usesField(ast, "evt.dir")) {
            result.warning(r.ctx.message("usage of deprecated field 'evt.dir' has been detected in the rule "
                    + "condition: due to the drop of enter events, `evt.dir = <` always evaluates to true, and "
                    + "`evt.dir = >` always false"));
        }
        EventTypeSet types;
        try {
            types = EventTypeAnalyzer.eventTypes(ast);
        } catch (IllegalArgumentException e) {
            throw new RuleLoadException(r.condCtx.message(e.getMessage()));
        }
        if (types.size() > TOO_MANY_EVTTYPES && r.warnEvttypes) {
            result.warning(r.ctx.message("Rule matches too many evt.type values. This has a significant "
                    + "performance penalty."));
        }
        return new CompiledRule(id, r.name, r.desc, r.source, r.priority, Set.copyOf(new TreeSet<>(r.tags)), output,
                r.capture, r.captureDuration, ast, AstPrinter.print(ast), filter, types, r.enabled);
    }

    private static boolean usesField(Expr e, String field) {
        if (e instanceof FieldExpr f) {
            return f.field().equals(field);
        }
        if (e instanceof BinaryCheckExpr b) {
            return usesField(b.left(), field);
        }
        if (e instanceof UnaryCheckExpr u) {
            return usesField(u.left(), field);
        }
        if (e instanceof dev.peregrine.filters.falco.ast.AndExpr a) {
            return a.children().stream().anyMatch(c -> usesField(c, field));
        }
        if (e instanceof dev.peregrine.filters.falco.ast.OrExpr o) {
            return o.children().stream().anyMatch(c -> usesField(c, field));
        }
        if (e instanceof dev.peregrine.filters.falco.ast.NotExpr n) {
            return usesField(n.child(), field);
        }
        return false;
    }
}
