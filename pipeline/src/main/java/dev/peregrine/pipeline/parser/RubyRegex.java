package dev.peregrine.pipeline.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Onigmo with Ruby syntax (what Fluent Bit compiles with {@code flb_regex_create}),
 * translated to {@link java.util.regex}.
 *
 * <p>Differences handled:
 * <ul>
 *   <li>{@code /pattern/imx} form: the options map to CASE_INSENSITIVE, DOTALL (Ruby's "m") and COMMENTS;</li>
 *   <li>{@code ^} and {@code $} are line anchors in Ruby, so MULTILINE is always on; only {@code \n} ends a line;</li>
 *   <li>group names such as {@code _p} or {@code log-level} are not legal in Java: every named group gets an internal
 *   name, and {@link #groupNames()} gives the original names in pattern order;</li>
 *   <li>when a pattern has named groups, Onigmo makes plain {@code (...)} groups non-capturing: we do the same so
 *   that {@code $1} numbering agrees;</li>
 *   <li>{@code \h} is a hex digit in Ruby (horizontal space in Java); {@code {,n}} means {@code {0,n}}; a {@code {}
 *   that does not start a valid interval is a literal; {@code [:alpha:]} POSIX brackets; {@code (?#...)} comments.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class RubyRegex {
    private final String source;
    private final Pattern pattern;
    private final List<String> names;
    private final List<String> javaNames;

    private RubyRegex(String source, Pattern pattern, List<String> names, List<String> javaNames) {
        this.source = source;
        this.pattern = pattern;
        this.names = names;
        this.javaNames = javaNames;
    }

    /**
     * Compiles a pattern as Fluent Bit does, including the {@code /pat/opts} form.
     *
     * @throws PatternSyntaxException when the pattern is invalid
     */
    public static RubyRegex compile(String pattern) {
        String body = pattern;
        int flags = Pattern.MULTILINE | Pattern.UNIX_LINES;
        int len = pattern.length();
        if (len > 1 && pattern.charAt(0) == '/') {
            int last = pattern.lastIndexOf('/');
            if (last > 0) {
                String opts = pattern.substring(last + 1);
                int optFlags = 0;
                boolean valid = true;
                for (int i = 0; i < opts.length(); i++) {
                    switch (opts.charAt(i)) {
                        case 'm' -> optFlags |= Pattern.DOTALL;
                        case 'i' -> optFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                        case 'x' -> optFlags |= Pattern.COMMENTS;
                        case 'o' -> { }
                        default -> valid = false;
                    }
                }
                if (valid && !opts.isEmpty()) {
                    body = pattern.substring(1, last);
                    flags |= optFlags;
                } else if (pattern.charAt(len - 1) == '/') {
                    body = pattern.substring(1, len - 1);
                }
            }
        }
        List<String> names = new ArrayList<>();
        List<String> javaNames = new ArrayList<>();
        String translated = translate(body, names, javaNames);
        return new RubyRegex(pattern, Pattern.compile(translated, flags), Collections.unmodifiableList(names),
                Collections.unmodifiableList(javaNames));
    }

    public String source() {
        return source;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The named groups' original names, in pattern order. */
    public List<String> groupNames() {
        return names;
    }

    /** The Java name of the i-th named group (see {@link #groupNames()}). */
    public String javaGroupName(int i) {
        return javaNames.get(i);
    }

    /** Whether the pattern matches somewhere in {@code text} (Onigmo's onig_search). */
    public boolean find(CharSequence text) {
        return pattern.matcher(text).find();
    }

    public Matcher matcher(CharSequence text) {
        return pattern.matcher(text);
    }

    @Override
    public String toString() {
        return source;
    }

    private static String translate(String src, List<String> names, List<String> javaNames) {
        boolean hasNamed = hasNamedGroups(src);
        StringBuilder out = new StringBuilder(src.length() + 16);
        int n = src.length();
        int classDepth = 0;
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    out.append("\\\\");
                    i++;
                    continue;
                }
                char e = src.charAt(i + 1);
                if (e == 'h') {
                    out.append(classDepth > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]");
                    i += 2;
                } else if (e == 'H' && classDepth == 0) {
                    out.append("[^0-9a-fA-F]");
                    i += 2;
                } else if (e == 'k' && i + 2 < n && (src.charAt(i + 2) == '<' || src.charAt(i + 2) == '\'')) {
                    char close = src.charAt(i + 2) == '<' ? '>' : '\'';
                    int end = src.indexOf(close, i + 3);
                    if (end < 0) {
                        throw new PatternSyntaxException("invalid backref", src, i);
                    }
                    String name = src.substring(i + 3, end);
                    int idx = names.indexOf(name);
                    if (idx >= 0) {
                        out.append("\\k<").append(javaNames.get(idx)).append('>');
                    } else if (name.chars().allMatch(Character::isDigit)) {
                        out.append('\\').append(name);
                    } else {
                        throw new PatternSyntaxException("undefined name <" + name + "> reference", src, i);
                    }
                    i = end + 1;
                } else {
                    out.append(c).append(e);
                    i += 2;
                }
                continue;
            }
            if (classDepth > 0) {
                if (c == '[' && i + 1 < n && src.charAt(i + 1) == ':') {
                    int end = src.indexOf(":]", i + 2);
                    if (end > 0) {
                        String cls = src.substring(i + 2, end);
                        boolean neg = cls.startsWith("^");
                        String posix = posixClass(neg ? cls.substring(1) : cls);
                        if (posix != null) {
                            out.append(neg ? "\\P{" : "\\p{").append(posix).append('}');
                            i = end + 2;
                            continue;
                        }
                    }
                }
                if (c == '[') {
                    classDepth++;
                } else if (c == ']') {
                    classDepth--;
                }
                out.append(c);
                i++;
                continue;
            }
            switch (c) {
                case '[' -> {
                    classDepth = 1;
                    out.append(c);
                    i++;
                    // a ']' right after '[' or '[^' is a literal in both dialects
                    if (i < n && src.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i < n && src.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                }
                case '(' -> {
                    if (i + 2 < n && src.charAt(i + 1) == '?' && src.charAt(i + 2) == '#') {
                        int end = src.indexOf(')', i);
                        i = end < 0 ? n : end + 1;
                    } else if (i + 2 < n && src.charAt(i + 1) == '?'
                            && ((src.charAt(i + 2) == '<' && i + 3 < n && src.charAt(i + 3) != '='
                            && src.charAt(i + 3) != '!') || src.charAt(i + 2) == '\'')) {
                        char close = src.charAt(i + 2) == '<' ? '>' : '\'';
                        int end = src.indexOf(close, i + 3);
                        if (end < 0) {
                            throw new PatternSyntaxException("invalid group name", src, i);
                        }
                        String name = src.substring(i + 3, end);
                        if (name.isEmpty()) {
                            throw new PatternSyntaxException("group name is empty", src, i);
                        }
                        String javaName = javaName(name, names.size());
                        names.add(name);
                        javaNames.add(javaName);
                        out.append("(?<").append(javaName).append('>');
                        i = end + 1;
                    } else if (hasNamed && (i + 1 >= n || src.charAt(i + 1) != '?')) {
                        out.append("(?:");
                        i++;
                    } else {
                        out.append(c);
                        i++;
                    }
                }
                case '{' -> {
                    int end = src.indexOf('}', i);
                    String inner = end < 0 ? null : src.substring(i + 1, end);
                    if (inner != null && inner.matches("\\d+(,\\d*)?")) {
                        out.append('{').append(inner).append('}');
                        i = end + 1;
                    } else if (inner != null && inner.matches(",\\d+")) {
                        out.append("{0").append(inner).append('}');
                        i = end + 1;
                    } else {
                        out.append("\\{");
                        i++;
                    }
                }
                case '}' -> {
                    out.append("\\}");
                    i++;
                }
                default -> {
                    out.append(c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    private static boolean hasNamedGroups(String src) {
        for (int i = 0; i + 3 < src.length(); i++) {
            if (src.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (src.charAt(i) == '(' && src.charAt(i + 1) == '?') {
                char k = src.charAt(i + 2);
                if (k == '\'' || (k == '<' && src.charAt(i + 3) != '=' && src.charAt(i + 3) != '!')) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String javaName(String name, int ordinal) {
        StringBuilder b = new StringBuilder("g").append(ordinal).append('x');
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static String posixClass(String name) {
        return switch (name) {
            case "alnum" -> "Alnum";
            case "alpha" -> "Alpha";
            case "blank" -> "Blank";
            case "cntrl" -> "Cntrl";
            case "digit" -> "Digit";
            case "graph" -> "Graph";
            case "lower" -> "Lower";
            case "print" -> "Print";
            case "punct" -> "Punct";
            case "space" -> "Space";
            case "upper" -> "Upper";
            case "xdigit" -> "XDigit";
            case "ascii" -> "ASCII";
            case "word" -> "Alnum";
            default -> null;
        };
    }
}
