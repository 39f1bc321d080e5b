package dev.peregrine.filters.falco.compile;

/**
 * fnmatch(3) with flags 0 (optionally FNM_CASEFOLD): {@code *} and {@code ?} also match '/', bracket
 * expressions support ranges and {@code !}/{@code ^} negation, backslash escapes the next char.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String pattern, String s, boolean ignoreCase) {
        return match(pattern, 0, s, 0, ignoreCase);
    }

    private static boolean match(String p, int pi, String s, int si, boolean ic) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi, s, k, ic)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            char sc = s.charAt(si);
            if (c == '?') {
                pi++;
                si++;
                continue;
            }
            if (c == '[') {
                int end = classEnd(p, pi);
                if (end > 0) {
                    if (!inClass(p, pi + 1, end, sc, ic)) {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                    continue;
                }
                // unterminated '[' is a literal
            }
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                c = p.charAt(pi);
            }
            if (!same(c, sc, ic)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length() && p.charAt(i) != ']') {
            i++;
        }
        return i < p.length() ? i : -1;
    }

    private static boolean inClass(String p, int from, int end, char sc, boolean ic) {
        boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                char hi = p.charAt(i + 2);
                if (inRange(sc, lo, hi) || (ic && (inRange(Character.toLowerCase(sc), lo, hi)
                        || inRange(Character.toUpperCase(sc), lo, hi)))) {
                    found = true;
                }
                i += 3;
            } else {
                if (same(lo, sc, ic)) {
                    found = true;
                }
                i++;
            }
        }
        return found != negate;
    }

    private static boolean inRange(char c, char lo, char hi) {
        return c >= lo && c <= hi;
    }

    private static boolean same(char a, char b, boolean ic) {
        return a == b || (ic && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
