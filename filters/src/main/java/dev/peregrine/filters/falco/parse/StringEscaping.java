package dev.peregrine.filters.falco.parse;

/**
 * Escaping of condition string literals (libsinsp {@code escape_str}/{@code unescape_str}). Strings are
 * handled as sequences of chars; a {@code \xHH} escape yields the char with code HH, so callers that need
 * byte semantics should use ISO-8859-1 conversions at the boundary.
 */
public final class StringEscaping {
    private StringEscaping() {
    }

    /** Renders a value so the parser reads it back unchanged; quotes it only when it holds special chars. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\b' -> { quote = true; sb.append("\\b"); }
                case '\f' -> { quote = true; sb.append("\\f"); }
                case '\n' -> { quote = true; sb.append("\\n"); }
                case '\r' -> { quote = true; sb.append("\\r"); }
                case '\t' -> { quote = true; sb.append("\\t"); }
                case '\\' -> { quote = true; sb.append("\\\\"); }
                case '"' -> { quote = true; sb.append("\\\""); }
                case ' ', '=', '\'', '\0' -> { quote = true; sb.append(c); }
                default -> sb.append(c);
            }
        }
        return quote ? "\"" + sb + "\"" : sb.toString();
    }

    /**
     * Decodes a quoted literal including its delimiters (first and last char are dropped).
     *
     * @throws IllegalArgumentException on an unsupported or malformed escape, with libsinsp's wording
     */
    public static String unescape(String quoted) {
        StringBuilder sb = new StringBuilder(quoted.length());
        int len = quoted.length() - 1;
        boolean escaped = false;
        char delimiter = quoted.isEmpty() ? '\0' : quoted.charAt(0);
        for (int i = 1; i < len; i++) {
            char c = quoted.charAt(i);
            if (!escaped) {
                if (c == '\\') {
                    escaped = true;
                } else {
                    sb.append(c);
                }
                continue;
            }
            switch (c) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                // "\ " is accepted as a backslash for compatibility with old, wrongly escaped rules.
                case ' ', '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case '"' -> {
                    if (delimiter != '"') {
                        throw new IllegalArgumentException("invalid \\\" escape in '-quoted string");
                    }
                    sb.append('"');
                }
                case '\'' -> {
                    if (delimiter != '\'') {
                        throw new IllegalArgumentException("invalid \\' escape in \"-quoted string");
                    }
                    sb.append('\'');
                }
                case 'x' -> {
                    if (i + 2 >= len) {
                        throw new IllegalArgumentException("truncated hex char escape sequence");
                    }
                    int hi = hexDigit(quoted.charAt(i + 1));
                    int lo = hexDigit(quoted.charAt(i + 2));
                    if (hi < 0 || lo < 0) {
                        throw new IllegalArgumentException(
                                "invalid hex char escape sequence: " + quoted.substring(i + 1, i + 3));
                    }
                    sb.append((char) (hi * 16 + lo));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unsupported string escape sequence: \\" + c);
            }
            escaped = false;
        }
        return sb.toString();
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
