package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code getopt(ARGV, OPTSTRING)} and {@code getopt(ARGV, OPTSTRING)[c]}, libsinsp's multivalue getopt transformer:
 * POSIX getopt(3) short options over a list of arguments.
 *
 * <p>ARGV is scanned in order: a bare {@code --} ends the options, long options ({@code --exec}) are skipped, and
 * the first non-option ({@code file}, {@code -}, an empty string) stops the scan. Each character of a cluster such
 * as {@code -nt} is an option; one that requires an argument ({@code t:}) takes the rest of its token
 * ({@code -thello}) or else the next entry, and ends the cluster. A leading {@code :} and a second {@code :} in
 * OPTSTRING change nothing here (no GNU optional arguments).
 *
 * <p>Without a selector the result is a list: each option character, followed by its argument when it has one,
 * {@code ?} for an unknown option, and {@code ""} for a missing argument. With a selector {@code [c]} the result is
 * one string, the last occurrence of option {@code c}: its argument, or {@code c} itself for an option without one
 * ({@code ""} if its argument is missing); the value is missing when {@code c} does not occur.
 */
final class GetoptExtractor implements Extractor {
    private final Extractor argv;
    private final Extractor optstring;
    /** Parsed OPTSTRING when it is a literal; otherwise parsed per event. */
    private final Options constant;
    private final int selector;

    /** Option characters accepted (bit 0) and requiring an argument (bit 1), for characters below 256. */
    private record Options(byte[] flags) {
        static Options parse(String s) {
            byte[] f = new byte[256];
            int i = !s.isEmpty() && s.charAt(0) == ':' ? 1 : 0;
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ':' || c >= 256) {
                    continue;
                }
                f[c] |= 1;
                if (i + 1 < s.length() && s.charAt(i + 1) == ':') {
                    f[c] |= 2;
                    i++;
                }
            }
            return new Options(f);
        }

        boolean valid(char c) {
            return c != ':' && c < 256 && (flags[c] & 1) != 0;
        }

        boolean takesArgument(char c) {
            return (flags[c] & 2) != 0;
        }
    }

    /**
     * @param selector the option character of {@code getopt(...)[c]}, or null (the compiler has checked the
     *                 argument shapes)
     */
    GetoptExtractor(Extractor argv, Extractor optstring, String selector) {
        this.argv = argv;
        this.optstring = optstring;
        this.constant = optstring instanceof ConstantExtractor c ? Options.parse(c.value()) : null;
        this.selector = selector == null ? -1 : selector.charAt(0);
    }

    @Override
    public Object extract(FieldSource event) {
        Options opts = constant;
        if (opts == null) {
            Object o = optstring.extract(event);
            if (o == null) {
                return null;
            }
            opts = Options.parse(ValueText.of(o instanceof List<?> l ? (l.isEmpty() ? null : l.get(0)) : o));
        }
        Object a = argv.extract(event);
        if (a == null) {
            return null;
        }
        List<?> args = a instanceof List<?> l ? l : List.of(a);
        List<String> out = selector < 0 ? new ArrayList<>() : null;
        String selected = null;
        scan:
        for (int k = 0; k < args.size(); k++) {
            String arg = ValueText.of(args.get(k));
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) == '-') {
                continue;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            for (int i = 1; i < arg.length(); i++) {
                char c = arg.charAt(i);
                if (!opts.valid(c)) {
                    if (out != null) {
                        out.add("?");
                    }
                    continue;
                }
                boolean match = selector < 0 || c == selector;
                String name = String.valueOf(c);
                if (!opts.takesArgument(c)) {
                    if (match) {
                        if (out != null) {
                            out.add(name);
                        } else {
                            selected = name;
                        }
                    }
                    continue;
                }
                String value;
                if (i + 1 < arg.length()) {
                    value = arg.substring(i + 1);
                } else if (k + 1 < args.size()) {
                    value = ValueText.of(args.get(++k));
                } else {
                    if (match) {
                        if (out != null) {
                            out.add("");
                        } else {
                            selected = "";
                        }
                    }
                    break scan;
                }
                if (match) {
                    if (out != null) {
                        out.add(name);
                        out.add(value);
                    } else {
                        selected = value;
                    }
                }
                continue scan;
            }
        }
        return out != null ? out : selected;
    }

    @Override
    public FieldType type() {
        return FieldType.CHARBUF;
    }

    @Override
    public boolean isList() {
        return selector < 0;
    }

    @Override
    public FieldRef field() {
        FieldRef f = argv.field();
        return f != null ? f : optstring.field();
    }

    @Override
    public boolean transformed() {
        return true;
    }
}
