package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.fields.FieldRegistry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates the {@code %field} tokens of a rule output against the field registry. */
final class OutputFormatCheck {
    private static final Pattern TOKEN = Pattern.compile(
            "%\\*?[0-9]*((?:tolower|toupper|b64|basename|len)\\()?([a-zA-Z][a-zA-Z0-9_]*(?:\\.[a-zA-Z0-9_]+)+)"
                    + "(\\[[^\\]]*\\])?");

    private OutputFormatCheck() {
    }

    /** Null if valid, else an error message worded like libsinsp's formatter. */
    static String check(String output, FieldRegistry registry) {
        if (output.endsWith("%")) {
            return "invalid formatting token: '%' at end of format string";
        }
        Matcher m = TOKEN.matcher(output);
        while (m.find()) {
            String name = m.group(2);
            String arg = m.group(3) == null ? null : m.group(3).substring(1, m.group(3).length() - 1);
            if (registry.resolve(name, arg) == null && !longestKnownPrefix(name, registry)) {
                return "invalid formatting token " + m.group();
            }
        }
        return null;
    }

    /** libsinsp matches the longest known field prefix, so "%proc.name." is proc.name followed by text. */
    private static boolean longestKnownPrefix(String name, FieldRegistry registry) {
        for (int i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
            if (registry.resolve(name.substring(0, i), null) != null) {
                return true;
            }
        }
        return false;
    }
}
