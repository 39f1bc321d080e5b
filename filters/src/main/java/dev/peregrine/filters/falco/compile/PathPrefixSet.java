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

    boolean matches(String value) {
        String[] v = components(value);
        for (String[] p : prefixes) {
            if (p.length <= v.length && prefixOf(p, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixOf(String[] p, String[] v) {
        for (int i = 0; i < p.length; i++) {
            String pc = p[i];
            boolean wildcard = pc.indexOf('*') >= 0 || pc.indexOf('?') >= 0 || pc.indexOf('[') >= 0;
            if (wildcard ? !Glob.matches(pc, v[i], false) : !pc.equals(v[i])) {
                return false;
            }
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
