package dev.peregrine.pipeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing of Fluent Bit's value syntaxes: booleans, sizes (base 1000), durations, lists. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** true/on/yes or false/off/no (case-insensitive); null when it is neither. */
    public static Boolean bool(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * A size as Fluent Bit reads it ({@code flb_utils_size_to_bytes}): a number with an optional K/KB/M/MB/G/GB
     * suffix, case-insensitive, base 1000; "false" is 0. Returns -1 when the value is not a size.
     */
    public static long size(String v) {
        String s = v.trim();
        if (s.equalsIgnoreCase("false")) {
            return 0;
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || (i == 0 && s.charAt(i) == '-'))) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        double num;
        try {
            num = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            return -1;
        }
        String unit = s.substring(i).trim().toUpperCase(Locale.ROOT);
        long mult = switch (unit) {
            case "" , "B" -> 1;
            case "K", "KB" -> 1000;
            case "M", "MB" -> 1000_000;
            case "G", "GB" -> 1000_000_000;
            default -> -1;
        };
        if (mult < 0) {
            return -1;
        }
        return (long) (num * mult);
    }

    /** A duration in seconds: a number with an optional s/m/h/d suffix; NaN when the value is not a duration. */
    public static double seconds(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        double mult = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 's' || last == 'm' || last == 'h' || last == 'd') {
            mult = switch (last) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 1;
            };
            s = s.substring(0, s.length() - 1).trim();
            if (s.endsWith("m") && last == 's') { // "ms"
                s = s.substring(0, s.length() - 1);
                mult = 0.001;
            }
        }
        try {
            return Double.parseDouble(s) * mult;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Comma-separated, each item trimmed, empty items dropped. */
    public static List<String> clist(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            String t = p.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Space-separated with at most {@code splits} splits (Fluent Bit's SLIST_n); the last item keeps the rest of the
     * line. A double-quoted item keeps its spaces and loses its quotes.
     */
    public static List<String> slist(String v, int splits) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = v.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(v.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (splits >= 0 && out.size() == splits) {
                String rest = v.substring(i).trim();
                if (rest.length() >= 2 && rest.charAt(0) == '"' && rest.charAt(rest.length() - 1) == '"') {
                    rest = rest.substring(1, rest.length() - 1);
                }
                out.add(rest);
                break;
            }
            if (v.charAt(i) == '"') {
                int end = v.indexOf('"', i + 1);
                if (end < 0) {
                    out.add(v.substring(i + 1));
                    break;
                }
                out.add(v.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(v.charAt(i))) {
                    i++;
                }
                out.add(v.substring(start, i));
            }
        }
        return out;
    }
}
