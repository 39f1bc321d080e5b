package dev.peregrine.pipeline.parser;

/**
 * Backslash unescaping as Fluent Bit's {@code flb_unescape_string_utf8} does it (decoders {@code escaped} and
 * {@code escaped_utf8}, logfmt quoted values): C and JSON escapes, {@code \xHH}, octal, {@code \\uXXXX} with
 * surrogate pairs (a lone surrogate becomes U+FFFD), {@code \\UXXXXXXXX}; an unknown escape keeps the character.
 */
public final class EscapeDecoder {
    private EscapeDecoder() {
    }

    public static String unescape(String in) {
        if (in.indexOf('\\') < 0) {
            return in;
        }
        int n = in.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = in.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char e = in.charAt(i + 1);
            i += 2;
            switch (e) {
                case '"', '\'', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'b' -> out.append('\b');
                case 't' -> out.append('\t');
                case 'f' -> out.append('\f');
                case 'r' -> out.append('\r');
                case 'v' -> out.append((char) 0x0b);
                case 'a' -> out.append((char) 0x07);
                case 'x' -> {
                    int start = i;
                    while (i < n && i - start < 2 && Character.digit(in.charAt(i), 16) >= 0) {
                        i++;
                    }
                    if (i > start) {
                        out.append((char) Integer.parseInt(in.substring(start, i), 16));
                    } else {
                        out.append('x');
                    }
                }
                case 'u' -> {
                    int start = i;
                    while (i < n && i - start < 4 && Character.digit(in.charAt(i), 16) >= 0) {
                        i++;
                    }
                    if (i - start != 4) {
                        out.append(i > start ? '\uFFFD' : 'u');
                        break;
                    }
                    int ch = Integer.parseInt(in.substring(start, i), 16);
                    if (ch >= 0xDC00 && ch <= 0xDFFF) {
                        out.append('\uFFFD');
                    } else if (ch >= 0xD800 && ch <= 0xDBFF) {
                        if (i + 2 < n && in.charAt(i) == '\\' && in.charAt(i + 1) == 'u') {
                            int ls = i + 2;
                            int le = ls;
                            while (le < n && le - ls < 4 && Character.digit(in.charAt(le), 16) >= 0) {
                                le++;
                            }
                            int low = le - ls == 4 ? Integer.parseInt(in.substring(ls, le), 16) : -1;
                            i = le;
                            if (low >= 0xDC00 && low <= 0xDFFF) {
                                out.appendCodePoint(0x10000 + (((ch - 0xD800) << 10) | (low - 0xDC00)));
                            } else {
                                out.append('\uFFFD');
                            }
                        } else {
                            out.append('\uFFFD');
                        }
                    } else {
                        out.append((char) ch);
                    }
                }
                case 'U' -> {
                    int start = i;
                    while (i < n && i - start < 8 && Character.digit(in.charAt(i), 16) >= 0) {
                        i++;
                    }
                    if (i > start) {
                        int cp = (int) Long.parseLong(in.substring(start, i), 16);
                        if (Character.isValidCodePoint(cp)) {
                            out.appendCodePoint(cp);
                        }
                    } else {
                        out.append('U');
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int start = i - 1;
                        int end = start;
                        while (end < n && end - start < 3 && in.charAt(end) >= '0' && in.charAt(end) <= '7') {
                            end++;
                        }
                        out.append((char) Integer.parseInt(in.substring(start, end), 8));
                        i = end;
                    } else {
                        out.append(e);
                    }
                }
            }
        }
        return out.toString();
    }
}
