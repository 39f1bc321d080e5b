package dev.peregrine.pipeline.accessor;

import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A record accessor template ({@code flb_record_accessor.c}): text mixed with {@code $key['sub'][0]} lookups,
 * {@code $TAG}, {@code $TAG[n]} (the n-th dot-separated part of the tag) and {@code $0}..{@code $9} (regex captures).
 * Used by rewrite_tag for the new tag and by outputs for templated names.
 *
 * <p>The split follows Fluent Bit exactly: a {@code $key} part ends at {@code .}, space, {@code ,} or {@code "}
 * (a {@code .} inside {@code ['...']} does not end it); the character right after {@code $TAG}, {@code $TAG[n]} or
 * {@code $n} is never taken as the start of another {@code $} part; a trailing lone {@code $} is dropped.
 *
 * <p>Rendering: strings as is, integers in decimal, floats with {@code %f}, booleans as true/false, nil as "null",
 * maps as JSON, binary as lowercase hex; a missing key or an array renders nothing.
 */
public final class RecordTemplate {
    private sealed interface Part permits Text, Key, Capture, Tag, TagPart {
    }

    private record Text(String text) implements Part {
    }

    private record Key(RecordAccessor accessor) implements Part {
    }

    private record Capture(int id) implements Part {
    }

    private record Tag() implements Part {
    }

    private record TagPart(int id) implements Part {
    }

    private final String pattern;
    private final Part[] parts;

    private RecordTemplate(String pattern, List<Part> parts) {
        this.pattern = pattern;
        this.parts = parts.toArray(new Part[0]);
    }

    /**
     * Compiles a template.
     *
     * @throws IllegalArgumentException when a {@code $key} part is not a valid key path
     */
    public static RecordTemplate compile(String buf) {
        List<Part> parts = new ArrayList<>();
        int len = buf.length();
        int pre = 0;
        int end = 0;
        int i;
        for (i = 0; i < len; i++) {
            if (buf.charAt(i) != '$') {
                continue;
            }
            if (i > pre) {
                parts.add(new Text(buf.substring(pre, i)));
            }
            pre = i;
            int n = i + 1;
            if (n >= len) {
                break;
            }
            if (Character.isDigit(buf.charAt(n))) {
                parts.add(new Capture(atoi(buf, n)));
                i++;
                pre = i + 1;
                continue;
            }
            if (n + 2 < len && buf.startsWith("TAG", n)) {
                if (n + 4 < len && buf.charAt(n + 3) == '[') {
                    int t = n + 3;
                    int close = buf.indexOf(']', t);
                    int rel = close < 0 ? -1 : close - t;
                    parts.add(new TagPart(atoi(buf, t + 1)));
                    i = t + rel + 1;
                    pre = i;
                    continue;
                }
                parts.add(new Tag());
                i = n + 3;
                pre = n + 3;
                continue;
            }
            int quotes = 0;
            for (end = i + 1; end < len; end++) {
                char c = buf.charAt(end);
                if (c == '\'') {
                    quotes++;
                } else if (c == '.' && (quotes & 1) == 1) {
                    continue;
                } else if (c == '.' || c == ' ' || c == ',' || c == '"') {
                    break;
                }
            }
            parts.add(new Key(KeyPathParser.parse(buf.substring(i, end))));
            pre = end;
            i = end;
        }
        if ((i - 1 > end && pre < i) || i == 1) {
            parts.add(new Text(buf.substring(pre)));
        }
        return new RecordTemplate(buf, parts);
    }

    public String pattern() {
        return pattern;
    }

    /** Whether rendering never depends on the record (only text and tag parts). */
    public boolean isStatic() {
        for (Part p : parts) {
            if (p instanceof Key || p instanceof Capture) {
                return false;
            }
        }
        return true;
    }

    /** The first part as an accessor (a text part names a top-level key), or null for $TAG or $n parts. */
    RecordAccessor firstAccessor() {
        if (parts.length == 0) {
            return null;
        }
        Part p = parts[0];
        if (p instanceof Key k) {
            return k.accessor;
        }
        if (p instanceof Text t) {
            return new RecordAccessor(t.text, t.text, List.of());
        }
        return null;
    }

    /**
     * Renders the template.
     *
     * @param tag      the record's tag, or null (tag parts then render nothing)
     * @param map      the record
     * @param captures a matcher after a successful find, for {@code $0}..{@code $9}; or null
     */
    public String render(String tag, MapValue map, Matcher captures) {
        StringBuilder b = new StringBuilder(pattern.length() + 32);
        for (Part p : parts) {
            if (p instanceof Text t) {
                b.append(t.text);
            } else if (p instanceof Key k) {
                Value v = k.accessor.get(map);
                if (v != null) {
                    ValueText.append(b, v);
                }
            } else if (p instanceof Capture c) {
                if (captures != null && c.id <= captures.groupCount()) {
                    String g = captures.group(c.id);
                    if (g != null) {
                        b.append(g);
                    }
                }
            } else if (p instanceof Tag) {
                if (tag != null) {
                    b.append(tag);
                }
            } else if (p instanceof TagPart tp && tag != null) {
                appendTagPart(b, tag, tp.id);
            }
        }
        return b.toString();
    }

    /** Like {@link #render} but null when a key part is missing from the record (flb_ra_translate_check). */
    public String renderStrict(String tag, MapValue map, Matcher captures) {
        for (Part p : parts) {
            if (p instanceof Key k && k.accessor.get(map) == null) {
                return null;
            }
        }
        return render(tag, map, captures);
    }

    private static void appendTagPart(StringBuilder b, String tag, int want) {
        int len = tag.length();
        int i = 0;
        int id = -1;
        while (i < len) {
            int dot = tag.indexOf('.', i);
            int end;
            if (dot < 0) {
                if (i == 0) {
                    break;
                }
                end = len - i;
            } else {
                end = dot - i;
            }
            id++;
            if (id == want) {
                b.append(tag, i, i + end);
                return;
            }
            i += end + 1;
        }
        if (want == 0 && id == -1 && i < len) {
            b.append(tag);
        }
    }

    private static int atoi(String s, int from) {
        int i = from;
        int v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return v;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
