package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.ast.AndExpr;
import dev.peregrine.filters.falco.ast.BinaryCheckExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.IdentifierExpr;
import dev.peregrine.filters.falco.ast.ListExpr;
import dev.peregrine.filters.falco.ast.NotExpr;
import dev.peregrine.filters.falco.ast.OrExpr;
import dev.peregrine.filters.falco.ast.TransformerExpr;
import dev.peregrine.filters.falco.ast.TransformerListExpr;
import dev.peregrine.filters.falco.ast.UnaryCheckExpr;
import dev.peregrine.filters.falco.ast.ValueExpr;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.fields.FieldFlag;
import dev.peregrine.filters.falco.fields.FieldInfo;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.fields.FieldType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a macro-free AST into a {@link Filter}. Field references are interned into {@link FieldRef}s with
 * stable ids so one compiler instance (per engine) hands out one id per distinct field spelling.
 * Not thread-safe; compile at load time, evaluate concurrently.
 */
public final class ConditionCompiler {
    private static final List<String> TRANSFORMER_PREFIXES = List.of("tolower(", "toupper(", "b64(", "basename(",
            "len(", "join(", "concat(", "getopt(", "val(");

    private final FieldRegistry registry;
    private final Map<String, FieldRef> refs = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Object, Built> nodes = new HashMap<>();

    public ConditionCompiler(FieldRegistry registry) {
        this.registry = registry;
    }

    /** @throws CompileException if a field is unknown or a check is ill-typed */
    public Filter compile(Expr e) {
        warnings.clear();
        return node(e);
    }

    /** Warnings of the last {@link #compile} call (e.g. a const value that looks like a field). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** All field references handed out so far. */
    public Collection<FieldRef> fieldRefs() {
        return refs.values();
    }

    /** Interns a field reference; null if the field is unknown. */
    public FieldRef ref(String field, String arg) {
        FieldRegistry.Resolved r = registry.resolve(field, arg);
        if (r == null) {
            return null;
        }
        String text = arg == null ? field : field + "[" + arg + "]";
        return refs.computeIfAbsent(text, t -> FieldRef.intern(r.info(), r.arg(), t));
    }

    /**
     * Compiles a field or transformer expression (as parsed from an output format) into a value extractor.
     *
     * @throws CompileException if the field is unknown or the transformer is ill-typed
     */
    public Extractor extractor(Expr fieldOrTransformer) {
        return extractor(fieldOrTransformer, false);
    }

    /**
     * One compiled node per distinct subexpression (by structure, not position): rules inline the same macros, and
     * sharing their compiled nodes is what lets {@link SharedConditions} evaluate each once per event.
     */
    private Filter node(Expr e) {
        if (!(e instanceof AndExpr || e instanceof OrExpr || e instanceof NotExpr)) {
            return build(e);
        }
        Object key = key(e);
        Built b = nodes.get(key);
        if (b == null) {
            int before = warnings.size();
            Filter f = build(e);
            b = new Built(f, List.copyOf(warnings.subList(before, warnings.size())));
            nodes.put(key, b);
        } else {
            // the same warnings as compiling it again would give, for this rule's report
            warnings.addAll(b.warnings());
        }
        return b.filter();
    }

    private record Built(Filter filter, List<String> warnings) {
    }

    /** A position-free structural key of an expression (lists compare element-wise). */
    private static Object key(Expr e) {
        if (e instanceof AndExpr a) {
            return List.of("and", a.children().stream().map(ConditionCompiler::key).toList());
        }
        if (e instanceof OrExpr o) {
            return List.of("or", o.children().stream().map(ConditionCompiler::key).toList());
        }
        if (e instanceof NotExpr n) {
            return List.of("not", key(n.child()));
        }
        if (e instanceof BinaryCheckExpr b) {
            return List.of("check", key(b.left()), b.op(), key(b.right()));
        }
        if (e instanceof UnaryCheckExpr u) {
            return List.of("unary", key(u.left()), u.op());
        }
        if (e instanceof FieldExpr f) {
            return Arrays.asList("field", f.field(), f.arg());
        }
        if (e instanceof ValueExpr v) {
            return List.of("value", v.value());
        }
        if (e instanceof ListExpr l) {
            return List.of("list", l.values());
        }
        if (e instanceof TransformerExpr t) {
            return Arrays.asList("transformer", t.name(), t.values().stream().map(ConditionCompiler::key).toList(),
                    t.arg());
        }
        if (e instanceof TransformerListExpr t) {
            return List.of("tlist", t.children().stream().map(ConditionCompiler::key).toList());
        }
        if (e instanceof IdentifierExpr i) {
            return List.of("identifier", i.name());
        }
        throw new IllegalArgumentException("expression: " + e);
    }

    private Filter build(Expr e) {
        if (e instanceof AndExpr a) {
            return Logical.and(a.children().stream().map(this::node).toArray(Filter[]::new));
        }
        if (e instanceof OrExpr o) {
            return Logical.or(o.children().stream().map(this::node).toArray(Filter[]::new));
        }
        if (e instanceof NotExpr n) {
            return Logical.not(node(n.child()));
        }
        if (e instanceof UnaryCheckExpr u) {
            Extractor lhs = extractor(u.left(), false);
            return new Comparison(lhs, Op.EXISTS, null, null);
        }
        if (e instanceof BinaryCheckExpr b) {
            return binary(b);
        }
        if (e instanceof IdentifierExpr i) {
            throw new CompileException("filter error: undefined macro '" + i.name() + "'", i.pos());
        }
        throw new CompileException("filter error: unexpected node in check position", e.pos());
    }

    private Filter binary(BinaryCheckExpr b) {
        String[] opParts = b.op().split(" ");
        Op op = Op.parse(opParts[0]);
        Modifier mod = opParts.length > 1 ? Modifier.valueOf(opParts[1].toUpperCase(java.util.Locale.ROOT))
                : Modifier.NONE;
        if (op == null) {
            throw new CompileException("filter error: unknown operator " + b.op(), b.pos());
        }
        Extractor lhs = extractor(b.left(), false);
        String typeErr = TypeRules.check(op, lhs.type(), lhs.isList());
        if (typeErr != null) {
            throw new CompileException("filter error: " + typeErr, b.pos());
        }
        Expr right = b.right();
        if (right instanceof TransformerExpr t) {
            Extractor rhs = extractor(t, true);
            if (op == Op.REGEX) {
                throw new CompileException("filter error: 'regex' operator does not support field comparisons",
                        t.pos());
            }
            if (!(lhs.type() == rhs.type() || lhs.type().isString() && rhs.type().isString())) {
                throw new CompileException("filter error: cannot compare field of type '"
                        + lhs.type().displayName() + "' with field of type '" + rhs.type().displayName() + "'",
                        t.pos());
            }
            return dynamic(lhs, op, mod, rhs);
        }
        List<String> values = right instanceof ListExpr l ? l.values() : List.of(((ValueExpr) right).value());
        if (!op.isListOp() && mod == Modifier.NONE && values.size() != 1) {
            throw new CompileException("filter error: operator '" + op.display() + "' expects a single value",
                    b.pos());
        }
        if (!lhs.transformed() && isEvtType(lhs.field())) {
            for (String v : values) {
                if (!EventTypeNames.isKnown(v)) {
                    throw new CompileException("unknown event type " + v, right.pos());
                }
            }
        }
        for (String v : values) {
            warnIfLooksLikeField(v);
        }
        if (op == Op.REGEX) {
            for (String v : values) {
                warnIfSimpleRegex(v);
            }
        }
        try {
            ValueTest test = ValueTests.build(op, mod, lhs.type(), values);
            ValueTest eq = null;
            if (op == Op.NE && mod == Modifier.NONE && Comparison.endpointType(lhs.type())) {
                eq = ValueTests.build(Op.EQ, Modifier.NONE, lhs.type(), values);
            }
            return new Comparison(lhs, op, test, eq);
        } catch (IllegalArgumentException ex) {
            throw new CompileException("filter error: " + ex.getMessage(), right.pos());
        }
    }

    /** Field-to-field comparison: the right-hand constants are only known per event. */
    private Filter dynamic(Extractor lhs, Op op, Modifier mod, Extractor rhs) {
        FieldType type = lhs.type();
        return e -> {
            Object r = rhs.extract(e);
            if (r == null) {
                return false;
            }
            List<String> values = new ArrayList<>();
            if (r instanceof List<?> list) {
                for (Object o : list) {
                    values.add(ValueText.of(o));
                }
            } else {
                values.add(ValueText.of(r));
            }
            if (values.isEmpty()) {
                return false;
            }
            ValueTest t;
            try {
                t = ValueTests.build(op, mod, type, op.isListOp() || mod != Modifier.NONE ? values
                        : values.subList(0, 1));
            } catch (IllegalArgumentException ex) {
                return false;
            }
            return new Comparison(lhs, op, t, null).matches(e);
        };
    }

    private static boolean isEvtType(FieldRef f) {
        return f != null && (f.field().equals("evt.type") || f.field().equals("syscall.type")) && f.arg() == null;
    }

    /**
     * libsinsp's hint that a regex could be a cheaper operator: no special character other than {@code ^} first,
     * {@code $} last, and {@code .*}, {@code .+} or {@code .?} at either end ({@code syscall.*}, {@code ^syscall$}).
     */
    private void warnIfSimpleRegex(String v) {
        int len = v.length();
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (i == 0 && c == '^' || i == len - 1 && c == '$') {
                continue;
            }
            if ((i == 0 && len > 1 || i == len - 2) && c == '.' && "+*?".indexOf(v.charAt(i + 1)) >= 0) {
                i++;
                continue;
            }
            if (".+*?^$()[]{}|\\".indexOf(c) >= 0) {
                return;
            }
        }
        warnings.add("regex check with '" + v + "' may be optimized with simpler operators such as "
                + "'=', 'contains', 'startswith', 'endswith'");
    }

    private void warnIfLooksLikeField(String v) {
        String t = v.trim();
        for (String p : TRANSFORMER_PREFIXES) {
            if (t.startsWith(p) && t.endsWith(")")) {
                warnings.add("'" + v + "' may be a valid field transformer misused as a const string value");
                return;
            }
        }
        int bracket = t.indexOf('[');
        String name = bracket > 0 && t.endsWith("]") ? t.substring(0, bracket) : t;
        if (name.indexOf('.') > 0 && registry.resolve(name, null) != null) {
            warnings.add("'" + v + "' may be a valid field misused as a const string value");
        }
    }

    private Extractor extractor(Expr e, boolean rhs) {
        if (e instanceof FieldExpr f) {
            return new FieldExtractor(fieldRef(f, rhs));
        }
        if (e instanceof TransformerExpr t) {
            if (t.arg() != null && (t.name().equals("val") || !t.name().equals("getopt"))) {
                throw new CompileException("filter error: transformer '" + t.name()
                        + "' does not support field arguments", t.pos());
            }
            if (t.name().equals("val")) {
                return extractor(t.values().get(0), true);
            }
            if (t.name().equals("getopt")) {
                return getopt(t, rhs);
            }
            List<Expr> flat = new ArrayList<>();
            for (Expr v : t.values()) {
                if (v instanceof TransformerListExpr l) {
                    flat.addAll(l.children());
                } else {
                    flat.add(v);
                }
            }
            Extractor[] args = new Extractor[flat.size()];
            String[] constants = new String[flat.size()];
            for (int i = 0; i < flat.size(); i++) {
                Expr a = flat.get(i);
                if (a instanceof ValueExpr v) {
                    constants[i] = v.value();
                } else {
                    args[i] = extractor(a, rhs);
                    FieldRef f = args[i].field();
                    if (f != null && f.info().has(FieldFlag.NO_TRANSFORMER)) {
                        throw new CompileException("filter error: field '" + f.text()
                                + "' does not support transformers", a.pos());
                    }
                }
            }
            boolean unary = List.of("tolower", "toupper", "b64", "basename", "len").contains(t.name());
            if (unary && (args.length != 1 || args[0] == null)) {
                throw new CompileException("filter error: transformer '" + t.name() + "' expects one field argument",
                        t.pos());
            }
            if (unary && !t.name().equals("len") && args[0].type() != FieldType.CHARBUF
                    && args[0].type() != FieldType.BYTEBUF && args[0].type() != FieldType.FSPATH
                    && args[0].type() != FieldType.FSRELPATH) {
                throw new CompileException("filter error: transformer '" + t.name() + "' is not supported on field "
                        + "type '" + args[0].type().displayName() + "'", t.pos());
            }
            return new TransformerExtractor(t.name(), args, constants);
        }
        throw new CompileException("filter error: expected a field or transformer", e.pos());
    }

    /** libsinsp's checks and messages for {@code getopt(ARGV, OPTSTRING)[c]}. */
    private Extractor getopt(TransformerExpr t, boolean rhs) {
        if (t.values().size() != 2) {
            throw new CompileException("getopt() requires exactly 2 arguments: args list and optstring", t.pos());
        }
        Extractor argv = argument(t.values().get(0), rhs);
        Extractor optstring = argument(t.values().get(1), rhs);
        if (!argv.isList()) {
            throw new CompileException("getopt() first argument must be a list", t.pos());
        }
        if (optstring.isList()) {
            throw new CompileException("getopt() second argument (optstring) must be a single value", t.pos());
        }
        if (argv.type() != FieldType.CHARBUF || optstring.type() != FieldType.CHARBUF) {
            throw new CompileException("getopt() arguments must be strings", t.pos());
        }
        if (t.arg() != null && t.arg().length() != 1) {
            throw new CompileException("getopt() field argument must be a single option character", t.pos());
        }
        return new GetoptExtractor(argv, optstring, t.arg());
    }

    /** A multivalue transformer argument: a literal, a parenthesised list, a field or a transformer. */
    private Extractor argument(Expr a, boolean rhs) {
        if (a instanceof ValueExpr v) {
            return new ConstantExtractor(v.value());
        }
        if (a instanceof ListExpr l) {
            Extractor[] items = l.values().stream().map(ConstantExtractor::new).toArray(Extractor[]::new);
            return new ListExtractor(items);
        }
        if (a instanceof TransformerListExpr l) {
            Extractor[] items = new Extractor[l.children().size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = argument(l.children().get(i), rhs);
            }
            return new ListExtractor(items);
        }
        return extractor(a, rhs);
    }

    private FieldRef fieldRef(FieldExpr f, boolean rhs) {
        FieldRef ref = ref(f.field(), f.arg());
        if (ref == null) {
            String text = f.arg() == null ? f.field() : f.field() + "[" + f.arg() + "]";
            throw new CompileException("filter_check called with nonexistent field " + text, f.pos());
        }
        FieldInfo info = ref.info();
        if (ref.arg() != null && !info.acceptsArg()) {
            throw new CompileException("filter error: field '" + info.name() + "' does not accept an argument",
                    f.pos());
        }
        if (ref.arg() == null && info.has(FieldFlag.ARG_REQUIRED)) {
            throw new CompileException("filter error: field '" + info.name() + "' requires an argument", f.pos());
        }
        if (rhs && info.has(FieldFlag.NO_RHS)) {
            throw new CompileException("filter error: field '" + info.name()
                    + "' can't be used on the right-hand side of a comparison", f.pos());
        }
        return ref;
    }
}
