package dev.peregrine.filters.falco.rules;

import java.util.List;

/**
 * Falco's textual list expansion, applied to a condition before parsing: a list name counts only when
 * delimited by start/end or one of {@code " \t\n\r(),="}; the blanks around it are swallowed and replaced by
 * the comma-separated items (quoted when they contain a space). It deliberately ignores string quoting.
 */
final class ListSubstitution {
    private static final String BLANKS = " \t\n\r";
    private static final String DELIMS = BLANKS + "(),=";

    private ListSubstitution() {
    }

    /** Returns the new condition, or null if the list name did not occur. */
    static String apply(String cond, String name, List<String> items) {
        boolean used = false;
        int start = cond.indexOf(name);
        while (start >= 0) {
            int end = start + name.length();
            boolean before = start == 0 || DELIMS.indexOf(cond.charAt(start - 1)) >= 0;
            boolean after = end >= cond.length() || DELIMS.indexOf(cond.charAt(end)) >= 0;
            if (before && after) {
                while (start > 0 && BLANKS.indexOf(cond.charAt(start - 1)) >= 0) {
                    start--;
                }
                while (end < cond.length() && BLANKS.indexOf(cond.charAt(end)) >= 0) {
                    end++;
                }
                StringBuilder sub = new StringBuilder();
                for (String item : items) {
                    if (sub.length() > 0) {
                        sub.append(", ");
                    }
                    sub.append(quote(item));
                }
                if (sub.length() == 0) {
                    // an empty list must not leave a dangling comma behind
                    if (start > 0 && cond.charAt(start - 1) == ',') {
                        start--;
                    } else if (end < cond.length() && cond.charAt(end) == ',') {
                        end++;
                    }
                }
                StringBuilder next = new StringBuilder();
                if (start > 0) {
                    next.append(cond, 0, start).append(' ');
                }
                next.append(sub).append(' ');
                if (end <= cond.length()) {
                    next.append(cond.substring(end));
                }
                cond = next.toString();
                start += sub.length() + 1;
                used = true;
            }
            start = cond.indexOf(name, start + 1);
        }
        return used ? cond : null;
    }

    /** Double-quotes an item that contains a space and is not already quoted. */
    static String quote(String item) {
        if (item.indexOf(' ') >= 0 && !item.isEmpty() && item.charAt(0) != '"' && item.charAt(0) != '\'') {
            return '"' + item + '"';
        }
        return item;
    }

    static String paren(String item) {
        return item.isEmpty() || item.charAt(0) != '(' ? "(" + item + ")" : item;
    }
}
