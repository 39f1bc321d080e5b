package dev.peregrine.pipeline.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Fluent Bit's routing match ({@code flb_router.c}): {@code Match} is a case-sensitive glob over the whole tag with
 * only {@code *} (which also matches dots; {@code **} equals {@code *}); {@code Match_Regex} is anchored at the start
 * only and needs at least one matched character. When both are set the regex is tried first, then the glob.
 */
public final class TagMatcher {
    private final String glob;
    private final Pattern regex;

    public TagMatcher(String glob, String regex) throws PatternSyntaxException {
        this.glob = glob;
        this.regex = regex == null ? null : compile(regex);
    }

    /** Accepts {@code pat} and Ruby's {@code /pat/imx} forms. */
    static Pattern compile(String r) {
        int flags = 0;
        if (r.length() >= 2 && r.charAt(0) == '/') {
            int end = r.lastIndexOf('/');
            if (end > 0) {
                for (char c : r.substring(end + 1).toCharArray()) {
                    switch (c) {
                        case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
                        case 'm' -> flags |= Pattern.DOTALL;
                        case 'x' -> flags |= Pattern.COMMENTS;
                        default -> {
                        }
                    }
                }
                r = r.substring(1, end);
            }
        }
        return Pattern.compile(r, flags);
    }

    public boolean isEmpty() {
        return glob == null && regex == null;
    }

    public boolean matches(String tag) {
        if (regex != null) {
            Matcher m = regex.matcher(tag);
            if (m.lookingAt() && m.end() > 0) {
                return true;
            }
        }
        return glob != null && globMatch(glob, tag);
    }

    /** Whole-string glob with '*' only; iterative with backtracking to the last star. */
    public static boolean globMatch(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return regex != null ? "Match_Regex " + regex : "Match " + glob;
    }
}
