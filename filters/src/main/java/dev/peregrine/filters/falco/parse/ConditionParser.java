package dev.peregrine.filters.falco.parse;

import dev.peregrine.filters.falco.ast.AndExpr;
import dev.peregrine.filters.falco.ast.BinaryCheckExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.IdentifierExpr;
import dev.peregrine.filters.falco.ast.ListExpr;
import dev.peregrine.filters.falco.ast.NotExpr;
import dev.peregrine.filters.falco.ast.OrExpr;
import dev.peregrine.filters.falco.ast.Position;
import dev.peregrine.filters.falco.ast.TransformerExpr;
import dev.peregrine.filters.falco.ast.TransformerListExpr;
import dev.peregrine.filters.falco.ast.UnaryCheckExpr;
import dev.peregrine.filters.falco.ast.ValueExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one condition string into an AST. Not thread-safe; create one per parse (cheap).
 *
 * <p>The lexing rules (which tokens need a following blank, operator matching order, what a bare string is)
 * are those of libsinsp's parser so that the same set of strings is accepted and rejected.
 */
public final class ConditionParser {
    public static final int DEFAULT_MAX_DEPTH = 100;

    // POSIX [:space:] as used by the libsinsp regexes (differs from the blank set used between tokens).
    private static final String SPACE = " \\t\\n\\x0B\\f\\r";
    private static final Pattern NOT_BLANK = Pattern.compile("not[" + SPACE + "]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*");
    private static final Pattern FIELD_NAME = Pattern.compile("[a-zA-Z]+[a-zA-Z0-9_]*(?:\\.[a-zA-Z]+[a-zA-Z0-9_]*)+");
    private static final Pattern FIELD_ARG_BARE = Pattern.compile("[^\\]\\[\"'" + SPACE + "]+");
    private static final Pattern HEX_NUM = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern NUMBER = Pattern.compile("[+\\-]?[0-9]+\\.?[0-9]*(?:[eE][+\\-][0-9]+)?");
    private static final Pattern BARE_STR = Pattern.compile("[^()\"'" + SPACE + "=,]+");

    private static final List<String> UNARY_OPS = List.of("exists");
    private static final List<String> NUM_OPS = List.of("<=", "<", ">=", ">");
    // A trailing space marks word operators that must be followed by a blank.
    private static final List<String> STR_OPS = List.of("==", "=", "!=", "glob ", "iglob ", "contains ",
            "icontains ", "bcontains ", "startswith ", "bstartswith ", "endswith ", "regex ");
    private static final List<String> STR_MODIFIERS = List.of("oneof ", "anyof ", "allof ");
    private static final List<String> LIST_OPS = List.of("intersects", "in", "pmatch");
    private static final String VAL = "val(";
    private static final List<String> TRANSFORMERS = List.of("tolower(", "toupper(", "b64(", "basename(",
            "len(", "join(", "concat(", "getopt(");
    private static final String TRANSFORMER_NAMES =
            "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
    private static final String OPERATOR_NAMES = "'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', "
            + "'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', "
            + "'intersects', 'in', 'pmatch'";

    private final String input;
    private final int maxDepth;
    private int idx;
    private int line = 1;
    private int col = 1;
    private int depth;
    private String lastToken = "";

    private ConditionParser(String input, int maxDepth) {
        this.input = input;
        this.maxDepth = maxDepth;
    }

    /** Parses with the default depth limit (100). */
    public static Expr parse(String condition) {
        return parse(condition, DEFAULT_MAX_DEPTH);
    }

    /** Parses the whole string; the rule loader uses {@code maxDepth = 1000}. */
    public static Expr parse(String condition, int maxDepth) {
        return new ConditionParser(condition, maxDepth).parseAll(false).expr();
    }

    /** Parses a prefix of the string and reports where parsing stopped (libsinsp's partial mode). */
    public static Result parsePartial(String condition) {
        return new ConditionParser(condition, DEFAULT_MAX_DEPTH).parseAll(true);
    }

    /** Parses the whole string and also returns the end position. */
    public static Result parseWithEnd(String condition) {
        return new ConditionParser(condition, DEFAULT_MAX_DEPTH).parseAll(false);
    }

    /**
     * Parses one field or transformer call at the start of {@code text} (libsinsp's
     * {@code parse_field_or_transformer}, used by output formats); the rest of the text is not read.
     */
    public static Result parseFieldOrTransformer(String text) {
        ConditionParser p = new ConditionParser(text, DEFAULT_MAX_DEPTH);
        Position pos = p.pos();
        Expr e;
        if (p.lexRegex(FIELD_NAME)) {
            e = p.parseFieldRemainder(p.lastToken, pos);
        } else if (p.lexTransformerName()) {
            p.lexBlank();
            e = p.parseTransformerRemainder(dropParen(p.lastToken), pos);
        } else {
            throw p.error("unexpected token after '" + p.lastToken);
        }
        return new Result(e, p.pos());
    }

    /** A parsed expression plus the parser position after it. */
    public record Result(Expr expr, Position end) {
    }

    private Result parseAll(boolean partial) {
        if (input.isEmpty()) {
            throw error("filter input string is empty");
        }
        Expr res = parseOr();
        if (!partial && idx != input.length()) {
            throw error("unexpected token after '" + lastToken + "', expecting 'or', 'and'");
        }
        return new Result(res, pos());
    }

    // ---- grammar ----

    private Expr parseOr() {
        enter();
        Position pos = pos();
        List<Expr> children = new ArrayList<>();
        lexBlank();
        children.add(parseAnd());
        lexBlank();
        while (lexStr("or")) {
            if (!lexBlank()) {
                if (lexStr("(")) {
                    children.add(parseEmbeddedRemainder());
                } else {
                    throw error("expected blank or '(' after 'or'");
                }
            } else {
                children.add(parseAnd());
            }
            lexBlank();
        }
        leave();
        return children.size() > 1 ? new OrExpr(children, pos) : children.get(0);
    }

    private Expr parseAnd() {
        enter();
        Position pos = pos();
        List<Expr> children = new ArrayList<>();
        lexBlank();
        children.add(parseNot());
        lexBlank();
        while (lexStr("and")) {
            if (!lexBlank()) {
                if (lexStr("(")) {
                    children.add(parseEmbeddedRemainder());
                } else {
                    throw error("expected blank or '(' after 'and'");
                }
            } else {
                children.add(parseNot());
            }
            lexBlank();
        }
        leave();
        return children.size() > 1 ? new AndExpr(children, pos) : children.get(0);
    }

    private Expr parseNot() {
        enter();
        Position pos = pos();
        boolean negated = false;
        lexBlank();
        while (lexRegex(NOT_BLANK)) {
            negated = !negated;
        }
        Expr child;
        if (lexStr("not(")) {
            negated = !negated;
            child = parseEmbeddedRemainder();
        } else {
            child = parseCheck();
        }
        leave();
        return negated ? new NotExpr(child, pos) : child;
    }

    /** Rest of a parenthesised sub-expression, after its '(' was consumed. */
    private Expr parseEmbeddedRemainder() {
        enter();
        lexBlank();
        Expr child = parseOr();
        lexBlank();
        if (!lexStr(")")) {
            throw error("expected a ')' token");
        }
        leave();
        return child;
    }

    private Expr parseCheck() {
        enter();
        Position pos = pos();
        lexBlank();
        Expr res;
        if (lexStr("(")) {
            res = parseEmbeddedRemainder();
        } else if (lexRegex(FIELD_NAME)) {
            Expr left = parseFieldRemainder(lastToken, pos);
            res = parseCondition(left, pos);
        } else if (lexTransformerName()) {
            lexBlank();
            Expr left = parseTransformerRemainder(dropParen(lastToken), pos);
            res = parseCondition(left, pos);
        } else if (lexRegex(IDENTIFIER)) {
            res = new IdentifierExpr(lastToken, pos);
        } else {
            throw error("expected a '(' token, a field check, or an identifier");
        }
        leave();
        return res;
    }

    private Expr parseFieldRemainder(String name, Position pos) {
        enter();
        FieldExpr f = new FieldExpr(name, parseOptionalFieldArg(), pos);
        leave();
        return f;
    }

    private String parseOptionalFieldArg() {
        if (!lexStr("[")) {
            return null;
        }
        if (!lexQuotedStr() && !lexRegex(FIELD_ARG_BARE)) {
            throw error("expected a valid field argument: a quoted string or a bare string");
        }
        String arg = lastToken;
        if (!lexStr("]")) {
            throw error("expected a ']' token");
        }
        return arg;
    }

    /** Arguments of a transformer call, after "name(" was consumed. */
    private Expr parseTransformerRemainder(String name, Position pos) {
        enter();
        lexBlank();
        List<Expr> children = new ArrayList<>();
        do {
            children.add(parseTransformerArg(pos()));
            lexBlank();
        } while (lexStr(","));
        lexBlank();
        if (!lexStr(")")) {
            throw error("expected a ')' token closing the transformer");
        }
        Expr res = new TransformerExpr(name, children, parseOptionalFieldArg(), pos);
        leave();
        return res;
    }

    private Expr parseTransformerArg(Position pos) {
        enter();
        lexBlank();
        Expr res;
        if (lexRegex(HEX_NUM) || lexRegex(NUMBER) || lexQuotedStr()) {
            res = new ValueExpr(lastToken, pos);
        } else if (lexStr("(")) {
            res = parseTransformerList(pos);
        } else if (lexTransformerName()) {
            res = parseTransformerRemainder(dropParen(lastToken), pos);
        } else if (lexRegex(FIELD_NAME)) {
            res = parseFieldRemainder(lastToken, pos);
        } else {
            throw error("expected field transformer argument: "
                    + "field, transformer, quoted string, number, or transformer list");
        }
        leave();
        return res;
    }

    private Expr parseTransformerList(Position pos) {
        List<Expr> children = new ArrayList<>();
        lexBlank();
        if (lexStr(")")) {
            return new TransformerListExpr(children, pos);
        }
        children.add(parseTransformerListArg(pos));
        lexBlank();
        while (lexStr(",")) {
            lexBlank();
            children.add(parseTransformerListArg(pos));
            lexBlank();
        }
        if (!lexStr(")")) {
            throw error("expected ')'");
        }
        return new TransformerListExpr(children, pos);
    }

    private Expr parseTransformerListArg(Position pos) {
        if (lexRegex(FIELD_NAME)) {
            return parseFieldRemainder(lastToken, pos);
        }
        if (lexTransformerName()) {
            lexBlank();
            return parseTransformerRemainder(dropParen(lastToken), pos);
        }
        if (lexQuotedStr() || lexRegex(HEX_NUM) || lexRegex(NUMBER)) {
            return new ValueExpr(lastToken, pos);
        }
        throw error("expected transformer list argument: field, transformer, quoted string, or number");
    }

    private Expr parseCondition(Expr left, Position pos) {
        enter();
        lexBlank();
        if (lexOperator(UNARY_OPS)) {
            leave();
            return new UnaryCheckExpr(left, lastToken.trim(), pos);
        }
        lexBlank();
        String op;
        Expr right;
        if (lexOperator(NUM_OPS)) {
            op = lastToken;
            right = parseNumValueOrTransformer();
        } else if (lexOperator(STR_OPS)) {
            op = lastToken;
            // Word operators already consumed their mandatory blank; symbol operators may have one.
            boolean hadBlank = Character.isLetter(op.charAt(0)) || lexBlank();
            int[] saved = mark();
            String savedToken = lastToken;
            if (hadBlank && lexOperator(STR_MODIFIERS) && listValueFollows() && !boolKeywordFollows()) {
                op = op.trim() + " " + lastToken.trim();
                right = parseListValue();
            } else {
                reset(saved);
                lastToken = savedToken;
                right = parseStrValueOrTransformer(false);
            }
        } else if (lexOperator(LIST_OPS)) {
            op = lastToken;
            right = parseListValueOrTransformer();
        } else {
            throw error("expected a valid check operator: one of " + OPERATOR_NAMES);
        }
        leave();
        return new BinaryCheckExpr(left, op.trim(), right, pos);
    }

    private Expr parseNumValueOrTransformer() {
        enter();
        lexBlank();
        Position pos = pos();
        Expr res = tryParseTransformerOrVal();
        if (res == null) {
            if (lexRegex(HEX_NUM) || lexRegex(NUMBER)) {
                res = new ValueExpr(lastToken, pos);
            } else {
                throw error("expected a number value or a field with a valid transformer: " + TRANSFORMER_NAMES);
            }
        }
        leave();
        return res;
    }

    private Expr parseStrValueOrTransformer(boolean noTransformer) {
        enter();
        lexBlank();
        Position pos = pos();
        if (!noTransformer) {
            Expr res = tryParseTransformerOrVal();
            if (res != null) {
                leave();
                return res;
            }
        }
        if (lexQuotedStr() || lexRegex(BARE_STR)) {
            leave();
            return new ValueExpr(lastToken, pos);
        }
        if (noTransformer) {
            throw error("expected a string value");
        }
        throw error("expected a string value or a field with a valid transformer: " + TRANSFORMER_NAMES);
    }

    private Expr tryParseListExpr() {
        Position pos = pos();
        if (!lexStr("(")) {
            return null;
        }
        List<String> values = new ArrayList<>();
        lexBlank();
        int savedDepth = depth;
        boolean empty = false;
        Expr first = null;
        try {
            first = parseStrValueOrTransformer(true);
        } catch (ConditionSyntaxException e) {
            // libsinsp treats a failing first element as "maybe an empty list" and checks for ')' next.
            depth = savedDepth;
            empty = true;
        }
        if (!empty) {
            values.add(((ValueExpr) first).value());
            lexBlank();
            while (lexStr(",")) {
                values.add(((ValueExpr) parseStrValueOrTransformer(true)).value());
                lexBlank();
            }
        }
        if (!lexStr(")")) {
            throw error("expected a ')' token");
        }
        return new ListExpr(values, pos);
    }

    private Expr parseListValue() {
        enter();
        lexBlank();
        Position pos = pos();
        Expr res = tryParseListExpr();
        if (res == null) {
            if (lexRegex(IDENTIFIER)) {
                res = new ValueExpr(lastToken, pos);
            } else {
                throw error("expected a list or an identifier");
            }
        }
        leave();
        return res;
    }

    private Expr parseListValueOrTransformer() {
        enter();
        lexBlank();
        Position pos = pos();
        Expr res = tryParseListExpr();
        if (res == null) {
            res = tryParseTransformerOrVal();
        }
        if (res == null) {
            if (lexRegex(IDENTIFIER)) {
                res = new ValueExpr(lastToken, pos);
            } else {
                throw error("expected a list, an identifier, or a field with a valid transformer: "
                        + TRANSFORMER_NAMES);
            }
        }
        leave();
        return res;
    }

    /** Returns null if neither {@code val(} nor a transformer name is at the cursor. */
    private Expr tryParseTransformerOrVal() {
        enter();
        lexBlank();
        Position pos = pos();
        Expr res = null;
        if (lexStr(VAL)) {
            lexBlank();
            String name = dropParen(lastToken);
            Position fieldPos = pos();
            if (!lexRegex(FIELD_NAME)) {
                throw error("expected a field within '" + name + "' transformer");
            }
            Expr field = parseFieldRemainder(lastToken, fieldPos);
            lexBlank();
            if (!lexStr(")")) {
                throw error("expected a ')' token closing the transformer");
            }
            res = new TransformerExpr(name, List.of(field), parseOptionalFieldArg(), pos);
        } else if (lexTransformerName()) {
            lexBlank();
            res = parseTransformerRemainder(dropParen(lastToken), pos);
        }
        leave();
        return res;
    }

    // ---- lexing ----

    private char cursor() {
        return idx < input.length() ? input.charAt(idx) : '\0';
    }

    private boolean lexBlank() {
        boolean found = false;
        for (char c = cursor(); c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n'; c = cursor()) {
            found = true;
            advance(c);
        }
        return found;
    }

    private boolean lexStr(String s) {
        if (input.startsWith(s, idx)) {
            lastToken = s;
            advance(s);
            return true;
        }
        return false;
    }

    private boolean lexRegex(Pattern p) {
        if (idx >= input.length()) {
            return false;
        }
        Matcher m = p.matcher(input).region(idx, input.length());
        if (m.lookingAt()) {
            lastToken = m.group();
            advance(lastToken);
            return true;
        }
        return false;
    }

    private boolean lexTransformerName() {
        for (String t : TRANSFORMERS) {
            if (lexStr(t)) {
                return true;
            }
        }
        return false;
    }

    /** Tries operators in order; those written with a trailing space must be followed by a blank. */
    private boolean lexOperator(List<String> ops) {
        for (String op : ops) {
            if (op.charAt(op.length() - 1) != ' ') {
                if (lexStr(op)) {
                    return true;
                }
                continue;
            }
            int[] saved = mark();
            String savedToken = lastToken;
            if (lexStr(op.substring(0, op.length() - 1))) {
                if (lexBlank()) {
                    return true;
                }
                reset(saved);
                lastToken = savedToken;
            }
        }
        return false;
    }

    private boolean lexQuotedStr() {
        char delimiter = cursor();
        if (delimiter != '\'' && delimiter != '"') {
            return false;
        }
        int[] saved = mark();
        char prev = '\\';
        int start = idx;
        while (idx < input.length()) {
            char c = input.charAt(idx);
            if (c == delimiter && prev != '\\') {
                advance(c);
                try {
                    lastToken = StringEscaping.unescape(input.substring(start, idx));
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
                return true;
            }
            prev = c;
            advance(c);
        }
        reset(saved);
        return false;
    }

    private boolean listValueFollows() {
        if (cursor() == '(') {
            return true;
        }
        int[] saved = mark();
        String savedToken = lastToken;
        boolean ident = lexRegex(IDENTIFIER);
        reset(saved);
        lastToken = savedToken;
        return ident;
    }

    /** A modifier word followed by and/or/not is a plain value (e.g. {@code proc.name == anyof and ...}). */
    private boolean boolKeywordFollows() {
        for (String kw : new String[] {"and", "or", "not"}) {
            if (input.startsWith(kw, idx)) {
                int after = idx + kw.length();
                if (after == input.length() || !isAsciiAlnum(input.charAt(after))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String dropParen(String token) {
        return token.substring(0, token.length() - 1);
    }

    private void advance(char c) {
        col++;
        if (c == '\r' || c == '\n') {
            col = 1;
            line++;
        }
        idx++;
    }

    private void advance(String s) {
        for (int i = 0; i < s.length(); i++) {
            advance(s.charAt(i));
        }
    }

    private Position pos() {
        return new Position(idx, line, col);
    }

    private int[] mark() {
        return new int[] {idx, line, col};
    }

    private void reset(int[] m) {
        idx = m[0];
        line = m[1];
        col = m[2];
    }

    private void enter() {
        depth++;
        if (depth >= maxDepth) {
            throw error("exceeded max depth limit of " + maxDepth);
        }
    }

    private void leave() {
        depth--;
    }

    private ConditionSyntaxException error(String msg) {
        return new ConditionSyntaxException(msg, pos());
    }
}
