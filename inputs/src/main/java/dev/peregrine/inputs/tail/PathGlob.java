package dev.peregrine.inputs.tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * glob(3) with {@code GLOB_TILDE} as Fluent Bit's tail scan uses it, and fnmatch(3) without flags for Exclude_Path.
 * Paths come back spelled as the pattern spells them (a relative pattern gives relative paths), because Fluent Bit
 * uses glob's output as the file name in records, tags and the database.
 */
final class PathGlob {
    private PathGlob() {
    }

    /** Expands a pattern; sorted like glob(3) without GLOB_NOSORT. Missing directories give no match. */
    static List<String> expand(String pattern) {
        String p = pattern;
        if (p.startsWith("~")) {
            int slash = p.indexOf('/');
            String user = slash < 0 ? p.substring(1) : p.substring(1, slash);
            if (user.isEmpty()) {
                String home = System.getenv("HOME");
                if (home == null) {
                    home = System.getProperty("user.home");
                }
                p = home + (slash < 0 ? "" : p.substring(slash));
            }
        }
        if (!hasMeta(p)) {
            return Files.exists(Path.of(p)) ? List.of(p) : List.of();
        }
        List<String> out = new ArrayList<>();
        boolean absolute = p.startsWith("/");
        String[] parts = p.split("/+");
        walk(absolute ? "/" : "", parts, absolute ? 1 : 0, out);
        Collections.sort(out);
        return out;
    }

    private static void walk(String prefix, String[] parts, int i, List<String> out) {
        if (i >= parts.length) {
            out.add(prefix.isEmpty() ? "." : prefix);
            return;
        }
        String part = parts[i];
        if (part.isEmpty()) {
            walk(prefix, parts, i + 1, out);
            return;
        }
        boolean last = i == parts.length - 1;
        if (!hasMeta(part)) {
            String next = join(prefix, unescape(part));
            if (last ? Files.exists(Path.of(next)) : Files.isDirectory(Path.of(next))) {
                walk(next, parts, i + 1, out);
            }
            return;
        }
        Pattern re = Pattern.compile(toRegex(part, false));
        Path dir = Path.of(prefix.isEmpty() ? "." : prefix);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                String name = e.getFileName().toString();
                // glob(3): a leading '.' must be matched explicitly
                if (name.startsWith(".") && !part.startsWith(".")) {
                    continue;
                }
                if (re.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return;
        }
        Collections.sort(names);
        for (String n : names) {
            String next = join(prefix, n);
            if (last || Files.isDirectory(Path.of(next))) {
                walk(next, parts, i + 1, out);
            }
        }
    }

    private static String join(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }

    static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static String unescape(String s) {
        return s.indexOf('\\') < 0 ? s : s.replaceAll("\\\\(.)", "$1");
    }

    /** fnmatch(pattern, path, 0): '*' and '?' also match '/'. */
    static boolean fnmatch(String pattern, String path) {
        return Pattern.compile(toRegex(pattern, true)).matcher(path).matches();
    }

    static Pattern compileFnmatch(String pattern) {
        return Pattern.compile(toRegex(pattern, true));
    }

    /**
     * Translates a shell pattern to a Java regex: {@code *}, {@code ?}, bracket expressions with {@code !} or
     * {@code ^} negation and ranges, backslash escapes; everything else literal.
     */
    static String toRegex(String pat, boolean slashMatches) {
        StringBuilder sb = new StringBuilder();
        String any = slashMatches ? "." : "[^/]";
        int n = pat.length();
        for (int i = 0; i < n; i++) {
            char c = pat.charAt(i);
            switch (c) {
                case '*' -> sb.append(any).append('*');
                case '?' -> sb.append(any);
                case '\\' -> {
                    if (i + 1 < n) {
                        sb.append(Pattern.quote(String.valueOf(pat.charAt(++i))));
                    } else {
                        sb.append("\\\\");
                    }
                }
                case '[' -> {
                    int j = i + 1;
                    if (j < n && (pat.charAt(j) == '!' || pat.charAt(j) == '^')) {
                        j++;
                    }
                    if (j < n && pat.charAt(j) == ']') {
                        j++;
                    }
                    while (j < n && pat.charAt(j) != ']') {
                        j++;
                    }
                    if (j >= n) {
                        sb.append("\\[");
                        break;
                    }
                    StringBuilder cls = new StringBuilder("[");
                    int k = i + 1;
                    if (pat.charAt(k) == '!' || pat.charAt(k) == '^') {
                        cls.append('^');
                        k++;
                    }
                    for (; k < j; k++) {
                        char d = pat.charAt(k);
                        if (d == '\\' || d == '[' || d == ']' || d == '&' || d == '^') {
                            cls.append('\\');
                        }
                        cls.append(d);
                    }
                    sb.append(cls).append(']');
                    i = j;
                }
                default -> {
                    if ("\\.^$|()+{}".indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
