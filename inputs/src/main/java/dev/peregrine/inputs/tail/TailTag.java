package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.parser.RubyRegex;

import java.util.regex.Matcher;

/**
 * Per-file tags ({@code tag_compose} in tail_file.c): with Tag_Regex, {@code <name>} placeholders take the named
 * captures of the regex on the path ({@code _} when a capture is missing or empty); otherwise the {@code *} of the
 * Tag becomes the path, with {@code / \ :} turned into dots (a leading one dropped), doubled dots collapsed, stray
 * {@code *} removed and a trailing dot dropped.
 */
final class TailTag {
    private TailTag() {
    }

    /** @return the tag, or null when Tag_Regex does not match the path (Fluent Bit then skips the file) */
    static String compose(String tag, RubyRegex tagRegex, String path) {
        if (tagRegex != null) {
            Matcher m = tagRegex.matcher(path);
            if (!m.find()) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            int p = 0;
            while (true) {
                int beg = tag.indexOf('<', p);
                if (beg < 0) {
                    break;
                }
                out.append(tag, p, beg);
                int end = tag.indexOf('>', beg + 1);
                if (end < 0 || tag.substring(beg + 1, end).indexOf('<') >= 0) {
                    return null;
                }
                String name = tag.substring(beg + 1, end);
                String v = group(tagRegex, m, name);
                out.append(v == null || v.isEmpty() ? "_" : v);
                p = end + 1;
            }
            out.append(tag.substring(p));
            return out.toString();
        }
        int star = tag.indexOf('*');
        if (star < 0) {
            return tag;
        }
        String raw = tag.substring(0, star) + path + tag.substring(star + 1);
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '/' || c == '\\' || c == ':') {
                if (b.length() == 0) {
                    continue;
                }
                c = '.';
            }
            if (c == '.' && b.length() > 0 && b.charAt(b.length() - 1) == '.') {
                continue;
            }
            if (c == '*') {
                continue;
            }
            b.append(c);
        }
        if (b.length() > 0 && b.charAt(b.length() - 1) == '.') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static String group(RubyRegex re, Matcher m, String name) {
        java.util.List<String> names = re.groupNames();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return m.group(re.javaGroupName(i));
            }
        }
        return null;
    }
}
