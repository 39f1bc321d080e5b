package dev.peregrine.filters.falco.parse;

/**
 * Number parsing with libsinsp's {@code sinsp_numparser} semantics ({@code sscanf("%llu%c")}): leading
 * whitespace and a sign are allowed, trailing characters are not; a negative value wraps around modulo 2^64.
 */
public final class NumericLiterals {
    private NumericLiterals() {
    }

    /** Parses an unsigned 64-bit value (returned in a long, two's complement), or null if not a number. */
    public static Long tryParseU64(String s) {
        return parseSigned(s);
    }

    /** Parses a signed 64-bit value, or null if not a number. */
    public static Long tryParseS64(String s) {
        return parseSigned(s);
    }

    private static Long parseSigned(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i == n) {
            return null;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
