package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.accessor.RecordTemplate;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * A log group or stream name template, in either of the two syntaxes found in real configs:
 * <ul>
 *   <li>Fluent Bit's record accessor ({@code log_group_template /aws/$kubernetes['namespace_name']},
 *   {@code $TAG}, {@code $TAG[1]}), rendered by {@link RecordTemplate};</li>
 *   <li>the Go plugin's {@code $(...)} ({@code log_group_name /aws/$(kubernetes['namespace_name'])-app},
 *   {@code $(tag)}, {@code $(tag[1])}), where the text around a {@code $(...)} is literal. Record accessor parts
 *   end at a {@code .} or {@code ,}, so a name like {@code $(ns)-app.logs} could not be written in the first
 *   syntax; that is why the Go syntax is parsed here rather than rewritten into the first.</li>
 * </ul>
 * {@link #render} answers null when the name cannot be resolved (a missing key, a tag part out of range, an empty
 * result): the caller then falls back to the configured plain name, as both plugins do.
 */
final class NameTemplate {
    private sealed interface Part permits Text, Key, Tag, TagPart {
    }

    private record Text(String text) implements Part {
    }

    private record Key(RecordAccessor accessor) implements Part {
    }

    private record Tag() implements Part {
    }

    private record TagPart(int index) implements Part {
    }

    private final String pattern;
    private final RecordTemplate recordTemplate;
    private final List<Part> parts;

    private NameTemplate(String pattern, RecordTemplate recordTemplate, List<Part> parts) {
        this.pattern = pattern;
        this.recordTemplate = recordTemplate;
        this.parts = parts;
    }

    /** Whether the text holds a template at all (either syntax). */
    static boolean isTemplate(String s) {
        return s != null && s.indexOf('$') >= 0;
    }

    /** @throws IllegalArgumentException when a part is not a valid key path */
    static NameTemplate compile(String pattern) {
        if (pattern.contains("$(")) {
            return new NameTemplate(pattern, null, parseGo(pattern));
        }
        return new NameTemplate(pattern, RecordTemplate.compile(pattern), null);
    }

    private static List<Part> parseGo(String s) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("$(", i);
            if (open < 0) {
                parts.add(new Text(s.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Text(s.substring(i, open)));
            }
            int close = s.indexOf(')', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed $( in '" + s + "'");
            }
            String inner = s.substring(open + 2, close).trim();
            if (inner.equals("tag")) {
                parts.add(new Tag());
            } else if (inner.matches("tag\\[\\d+]")) {
                parts.add(new TagPart(Integer.parseInt(inner.substring(4, inner.length() - 1))));
            } else if (inner.isEmpty()) {
                throw new IllegalArgumentException("empty $() in '" + s + "'");
            } else {
                parts.add(new Key(RecordAccessor.of(inner.startsWith("$") ? inner : "$" + inner)));
            }
            i = close + 1;
        }
        return parts;
    }

    /** The name for this record, or null when it cannot be resolved. */
    String render(String tag, MapValue record) {
        String out;
        if (recordTemplate != null) {
            out = recordTemplate.renderStrict(tag, record, null);
        } else {
            StringBuilder b = new StringBuilder(pattern.length() + 32);
            for (Part p : parts) {
                if (p instanceof Text t) {
                    b.append(t.text);
                } else if (p instanceof Tag) {
                    b.append(tag);
                } else if (p instanceof TagPart tp) {
                    String[] split = tag.split("\\.", -1);
                    if (tp.index >= split.length) {
                        return null;
                    }
                    b.append(split[tp.index]);
                } else if (p instanceof Key k) {
                    Value v = k.accessor.get(record);
                    if (v == null || v.isNilValue() || v.isArrayValue() || v.isMapValue()) {
                        return null;
                    }
                    b.append(v.isStringValue() ? v.asStringValue().asString() : v.toJson());
                }
            }
            out = b.toString();
        }
        return out == null || out.isEmpty() ? null : out;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
