package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.ast.AstPrinter;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.TransformerExpr;
import dev.peregrine.filters.falco.ast.TransformerListExpr;
import dev.peregrine.filters.falco.compile.CompileException;
import dev.peregrine.filters.falco.compile.ConditionCompiler;
import dev.peregrine.filters.falco.compile.Extractor;
import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.fields.FieldType;
import dev.peregrine.filters.falco.parse.ConditionParser;
import dev.peregrine.filters.falco.parse.ConditionSyntaxException;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule output string compiled once: literal text and {@code %field} tokens (libsinsp {@code sinsp_evt_formatter}).
 *
 * <p>Design note: parsing follows libsinsp exactly because users rely on its quirks. After {@code %} come an optional
 * width ({@code %20proc.name}: pad or cut to 20 characters), then a field or transformer call. libsinsp tries the
 * longest prefix of the rest of the string that parses and compiles, shrinking it one character at a time, so
 * {@code %proc.name.} is {@code proc.name} followed by a dot. A missing value prints {@code <NA>} (Falco always
 * formats with the {@code *} "missing values allowed" prefix). For JSON, every plain field of the format (also those
 * inside transformers, but not the transformed values themselves) is a key of {@code output_fields}, spelled as in
 * the AST ({@code proc.aname[2]}).
 */
public final class OutputFormat {
    static final String NA = "<NA>";

    private final String text;
    private final Part[] parts;
    private final Key[] keys;

    private OutputFormat(String text, List<Part> parts, Map<String, Key> keys) {
        this.text = text;
        this.parts = parts.toArray(new Part[0]);
        this.keys = keys.values().toArray(new Key[0]);
    }

    /**
     * Compiles a format; a leading {@code *} is accepted and ignored (missing values always print {@code <NA>}).
     *
     * @throws OutputFormatException with libsinsp's message when the format is invalid
     */
    public static OutputFormat compile(String format, ConditionCompiler compiler) {
        if (format.isEmpty()) {
            throw new OutputFormatException("empty formatting token");
        }
        String f = format.charAt(0) == '*' ? format.substring(1) : format;
        List<Part> parts = new ArrayList<>();
        Map<String, Key> keys = new LinkedHashMap<>();
        int len = f.length();
        int literalStart = 0;
        int j;
        for (j = 0; j < len; j++) {
            if (f.charAt(j) != '%') {
                continue;
            }
            if (literalStart != j) {
                parts.add(Part.literal(f.substring(literalStart, j)));
            }
            if (j == len - 1) {
                throw new OutputFormatException("invalid formatting syntax: formatting cannot end with a %");
            }
            int width = 0;
            if (Character.isDigit(f.charAt(j + 1))) {
                int k = j + 1;
                while (k < len && Character.isDigit(f.charAt(k))) {
                    k++;
                }
                width = parseWidth(f.substring(j + 1, k));
                if (k == len) {
                    throw new OutputFormatException("invalid formatting syntax: formatting cannot end with a number");
                }
                j = k - 1;
            }
            int fsize = len - (j + 1);
            Expr ast = null;
            Extractor ex = null;
            while (ex == null) {
                try {
                    ConditionParser.Result r = ConditionParser.parseFieldOrTransformer(f.substring(j + 1, j + 1 + fsize));
                    ex = compiler.extractor(r.expr());
                    ast = r.expr();
                    fsize = r.end().idx();
                } catch (ConditionSyntaxException | CompileException e) {
                    fsize--;
                    if (fsize <= 0) {
                        throw new OutputFormatException("unknown filter: " + e.getMessage());
                    }
                }
            }
            collectKeys(ast, compiler, keys);
            parts.add(Part.value(ast, ex, width));
            j += fsize;
            literalStart = j + 1;
        }
        if (literalStart < len) {
            parts.add(Part.literal(f.substring(literalStart)));
        }
        return new OutputFormat(format, parts, keys);
    }

    private static int parseWidth(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The plain fields of an expression, in order (libsinsp's formatter_visitor resolution tokens). */
    private static void collectKeys(Expr e, ConditionCompiler compiler, Map<String, Key> keys) {
        if (e instanceof FieldExpr fe) {
            String key = AstPrinter.print(fe);
            keys.computeIfAbsent(key, k -> Key.of(k, fe, compiler.extractor(fe)));
        } else if (e instanceof TransformerExpr t) {
            for (Expr v : t.values()) {
                collectKeys(v, compiler, keys);
            }
        } else if (e instanceof TransformerListExpr l) {
            for (Expr v : l.children()) {
                collectKeys(v, compiler, keys);
            }
        }
    }

    /** The format as given. */
    public String text() {
        return text;
    }

    /** The {@code output_fields} keys in format order (JSON sorts them). */
    public List<String> keys() {
        List<String> out = new ArrayList<>(keys.length);
        for (Key k : keys) {
            out.add(k.name);
        }
        return out;
    }

    /** Renders the text form. */
    public void render(FieldSource event, long tsNanos, ZoneId zone, StringBuilder out) {
        for (Part p : parts) {
            if (p.literal != null) {
                out.append(p.literal);
                continue;
            }
            if (p.width == 0) {
                p.append(event, tsNanos, zone, out);
            } else {
                int start = out.length();
                p.append(event, tsNanos, zone, out);
                int written = out.length() - start;
                if (written > p.width) {
                    out.setLength(start + p.width);
                } else {
                    for (int i = written; i < p.width; i++) {
                        out.append(' ');
                    }
                }
            }
        }
    }

    public String render(FieldSource event, long tsNanos, ZoneId zone) {
        StringBuilder sb = new StringBuilder(128);
        render(event, tsNanos, zone, sb);
        return sb.toString();
    }

    /** Puts each plain field's typed JSON value (null when missing) into {@code out}. */
    public void fields(FieldSource event, long tsNanos, Map<String, Object> out) {
        for (Key k : keys) {
            out.put(k.name, k.json(event, tsNanos));
        }
    }

    /** One piece of the format: literal text, or a value with an optional width. */
    private static final class Part {
        final String literal;
        final Extractor extractor;
        final TimeField time;
        final FieldValueFormat format;
        final int width;

        private Part(String literal, Extractor extractor, TimeField time, FieldValueFormat format, int width) {
            this.literal = literal;
            this.extractor = extractor;
            this.time = time;
            this.format = format;
            this.width = width;
        }

        static Part literal(String s) {
            return new Part(s, null, null, null, 0);
        }

        static Part value(Expr ast, Extractor ex, int width) {
            TimeField t = ast instanceof FieldExpr fe && fe.arg() == null ? TimeField.of(fe.field()) : null;
            return new Part(null, ex, t, formatOf(ex), width);
        }

        void append(FieldSource event, long tsNanos, ZoneId zone, StringBuilder out) {
            if (time != null) {
                time.render(tsNanos, zone, out);
                return;
            }
            Object v = extractor.extract(event);
            if (v == null) {
                out.append(NA);
            } else {
                format.text(v, out);
            }
        }
    }

    /** One {@code output_fields} entry. */
    private static final class Key {
        final String name;
        final Extractor extractor;
        final TimeField time;
        final FieldValueFormat format;

        private Key(String name, Extractor extractor, TimeField time) {
            this.name = name;
            this.extractor = extractor;
            this.time = time;
            this.format = formatOf(extractor);
        }

        static Key of(String name, FieldExpr fe, Extractor ex) {
            return new Key(name, ex, fe.arg() == null ? TimeField.of(fe.field()) : null);
        }

        Object json(FieldSource event, long tsNanos) {
            if (time != null) {
                return time.json(tsNanos);
            }
            Object v = extractor.extract(event);
            return v == null ? null : format.json(v);
        }
    }

    private static FieldValueFormat formatOf(Extractor ex) {
        FieldType type = ex.type();
        boolean hex = !ex.transformed() && ex.field() != null && ex.field().field().equals("fd.dev");
        return new FieldValueFormat(type, ex.isList(), hex);
    }

    @Override
    public String toString() {
        return text;
    }
}
