package dev.peregrine.filters.falco.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pmatch} operator: a value matches if one of the listed paths is a component-wise prefix of it
 * (or equal). Components may hold glob wildcards, as in libsinsp's {@code path_prefix_search}.
 */
final class PathPrefixSet {
    private final List<String[]> prefixes = new ArrayList<>();

    PathPrefixSet(List<String> paths) {
        for (String p : paths) {
            prefixes.add(components(p));
        }
    }

    /** Walks the value's components in place: no split, no allocation (this runs per event). */
    boolean matches(String value) {
        for (String[] p : prefixes) {
            if (prefixOf(p, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixOf(String[] p, String v) {
        int pos = 0;
        int len = v.length();
        for (String pc : p) {
            while (pos < len && v.charAt(pos) == '/') {
                pos++;
            }
            if (pos >= len) {
                return false;
            }
            int end = v.indexOf('/', pos);
            if (end < 0) {
                end = len;
            }
            boolean wildcard = pc.indexOf('*') >= 0 || pc.indexOf('?') >= 0 || pc.indexOf('[') >= 0;
            if (wildcard) {
                if (!Glob.matches(pc, v.substring(pos, end), false)) {
                    return false;
                }
            } else if (end - pos != pc.length() || !v.regionMatches(pos, pc, 0, pc.length())) {
                return false;
            }
            pos = end;
        }
        return true;
    }

    private static String[] components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out.toArray(new String[0]);
    }
}
