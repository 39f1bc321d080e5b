package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.compile.ConditionCompiler;
import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders alerts for the rules of one {@link RuleSet} (Falco's {@code falco_formats::format_event}).
 *
 * <p>Each rule's output, with the {@code append_output} formats added after a space each as Falco's rule compiler
 * does, is compiled once when the formatter is built, so a bad format fails at configuration time. An alert is
 * {@code prefix + " " + message} where the prefix is {@code "%evt.time: <Priority>"} (or
 * {@code %evt.time.iso8601}); the prefix's time field also lands in {@code output_fields} as integer ns.
 * Thread-safe once built.
 */
public final class AlertFormatter {
    /**
     * What {@code append_output: [{suggested_output: true}]} (Falco's default) appends with the container plugin
     * loaded (Falco ≥ 0.41): its fields flagged "suggested", in the plugin's order.
     */
    public static final String SUGGESTED_OUTPUT = "container_id=%container.id container_name=%container.name "
            + "container_image_repository=%container.image.repository container_image_tag=%container.image.tag "
            + "k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name";

    /** Falco orders tags and JSON keys as {@code std::string}: by unsigned bytes of the UTF-8 encoding. */
    static final Comparator<String> BYTE_ORDER = AlertFormatter::compareUtf8;

    private final AlertFormatOptions options;
    private final RuleOutput[] byRule;
    private final String prefixKey;
    private final TimeField prefixTime;

    /** A compiled rule output: the message format plus the alert constants. */
    private record RuleOutput(OutputFormat message, List<String> tags, String prefix) {
    }

    /**
     * @throws OutputFormatException naming the rule when an output (with the appended formats) is invalid
     */
    public AlertFormatter(RuleSet rules, AlertFormatOptions options, FieldRegistry registry) {
        this.options = options;
        this.prefixTime = options.timeIso8601() ? TimeField.TIME_ISO8601 : TimeField.TIME;
        this.prefixKey = options.timeIso8601() ? "evt.time.iso8601" : "evt.time";
        ConditionCompiler compiler = new ConditionCompiler(registry);
        int max = -1;
        for (CompiledRule r : rules.rules()) {
            max = Math.max(max, r.id());
        }
        byRule = new RuleOutput[max + 1];
        for (CompiledRule r : rules.rules()) {
            String format = outputWithAppends(r.output(), options.appendOutput());
            OutputFormat f;
            try {
                f = OutputFormat.compile(format, compiler);
            } catch (OutputFormatException e) {
                throw new OutputFormatException("rule '" + r.name() + "': " + e.getMessage());
            }
            List<String> tags = new ArrayList<>(r.tags());
            tags.sort(BYTE_ORDER);
            byRule[r.id()] = new RuleOutput(f, List.copyOf(tags), r.priority().display());
        }
    }

    static String outputWithAppends(String output, List<String> appends) {
        StringBuilder sb = new StringBuilder(output);
        for (String a : appends) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    public AlertFormatOptions options() {
        return options;
    }

    /** The compiled message format of a rule (its output plus appended formats). */
    public OutputFormat format(CompiledRule rule) {
        return byRule[rule.id()].message();
    }

    /** Renders the alert of {@code rule} matching {@code event} at {@code tsNanos}. */
    public Alert format(CompiledRule rule, FieldSource event, long tsNanos) {
        RuleOutput ro = byRule[rule.id()];
        StringBuilder sb = new StringBuilder(256);
        prefixTime.render(tsNanos, options.zone(), sb);
        sb.append(": ").append(ro.prefix()).append(' ');
        int messageStart = sb.length();
        ro.message().render(event, tsNanos, options.zone(), sb);
        String output = sb.toString();
        String message = output.substring(messageStart);
        SortedMap<String, Object> fields = new TreeMap<>(BYTE_ORDER);
        if (options.includeOutputFields()) {
            ro.message().fields(event, tsNanos, fields);
            fields.put(prefixKey, prefixTime.json(tsNanos));
        }
        return new Alert(rule.name(), rule.source(), rule.priority(), ro.tags(), tsNanos, options.hostname(), output,
                message, fields, AlertJson.escapeBody(output));
    }

    private static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // UTF-8 byte order equals code point order; UTF-16 differs only for surrogates vs U+E000..U+FFFF
                int cx = Character.codePointAt(a, i);
                int cy = Character.codePointAt(b, i);
                return Integer.compare(cx, cy);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
