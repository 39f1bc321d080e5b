package dev.peregrine.pipeline.accessor;

import java.util.ArrayList;
import java.util.List;

/**
 * The grammar of one {@code $key[...]} part (Fluent Bit's ra.l / ra.y): {@code $} then an identifier
 * {@code [_A-Za-z][A-Za-z0-9_.\-/]*}, then any number of {@code ['string']} (a doubled {@code ''} is a quote) or
 * {@code [integer]} subscripts; blanks between tokens are ignored.
 */
final class KeyPathParser {
    private final String s;
    private int i;

    private KeyPathParser(String s) {
        this.s = s;
    }

    static RecordAccessor parse(String text) {
        KeyPathParser p = new KeyPathParser(text);
        String key;
        List<Object> path = new ArrayList<>();
        p.blanks();
        p.expect('$');
        p.blanks();
        key = p.identifier();
        p.blanks();
        while (p.i < p.s.length()) {
            p.expect('[');
            p.blanks();
            if (p.peek() == '\'') {
                path.add(p.quoted());
            } else {
                path.add(p.integer());
            }
            p.blanks();
            p.expect(']');
            p.blanks();
        }
        return new RecordAccessor(text, key, path);
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private void blanks() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n')) {
            i++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error();
        }
        i++;
    }

    private String identifier() {
        int start = i;
        char c = peek();
        if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            throw error();
        }
        i++;
        while (i < s.length()) {
            c = s.charAt(i);
            if (c == '_' || c == '.' || c == '-' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')) {
                i++;
            } else {
                break;
            }
        }
        return s.substring(start, i);
    }

    private String quoted() {
        i++;
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    b.append('\'');
                    i += 2;
                    continue;
                }
                i++;
                return b.toString();
            }
            b.append(c);
            i++;
        }
        throw error();
    }

    private Integer integer() {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (start == i || (s.charAt(start) == '0' && i - start > 1)) {
            throw error();
        }
        try {
            return Integer.parseInt(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw error();
        }
    }

    private IllegalArgumentException error() {
        return new IllegalArgumentException("[record accessor] syntax error at '" + s + "'");
    }
}
