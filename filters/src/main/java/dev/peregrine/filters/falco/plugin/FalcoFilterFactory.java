package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.output.AlertFormatOptions;
import dev.peregrine.filters.falco.output.AlertFormatter;
import dev.peregrine.filters.falco.output.AlertRecordFormat;
import dev.peregrine.filters.falco.output.OutputFormatException;
import dev.peregrine.filters.falco.rules.LoadMessage;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.Priority;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * The {@code falco} filter: Falco's rule engine as a pipeline filter. Each option maps to a {@code falco.yaml}
 * setting, named in Fluent Bit style.
 */
public final class FalcoFilterFactory implements FilterFactory {
    static final OptionSpec RULES_FILE = OptionSpec.str("rules_file", null,
            "Falco rules file or directory (its *.yaml/*.yml files, sorted); repeat to load several, in order")
            .multi().req();
    static final OptionSpec RULE_MATCHING = OptionSpec.str("rule_matching", "first",
            "first: at most one alert per event (the first matching rule); all: one alert per matching rule");
    static final OptionSpec PRIORITY = OptionSpec.str("priority", "debug",
            "Minimum rule priority: emergency, alert, critical, error, warning, notice, informational, debug");
    static final OptionSpec TAG = OptionSpec.str("tag", "falco", "Tag of the alert records");
    static final OptionSpec OUTPUT_FORMAT = OptionSpec.str("output_format", "json",
            "Alert record body: json (Falco's JSON alert as a map) or text ({\"output\": \"<Falco's text line>\"})");
    static final OptionSpec KEEP_EVENTS = OptionSpec.bool("keep_events", "false",
            "Pass syscall events on after evaluation (default: consume them; only alerts leave)");
    static final OptionSpec JSON_INCLUDE_OUTPUT = OptionSpec.bool("json_include_output_property", "true",
            "Include the 'output' property (time, priority and message) in JSON alerts");
    static final OptionSpec JSON_INCLUDE_TAGS = OptionSpec.bool("json_include_tags_property", "true",
            "Include the rule's 'tags' in JSON alerts");
    static final OptionSpec JSON_INCLUDE_MESSAGE = OptionSpec.bool("json_include_message_property", "false",
            "Include 'message' (the output without time and priority) in JSON alerts");
    static final OptionSpec JSON_INCLUDE_OUTPUT_FIELDS = OptionSpec.bool("json_include_output_fields_property",
            "true", "Include 'output_fields' (typed values of the output's fields) in JSON alerts");
    static final OptionSpec TIME_FORMAT_ISO_8601 = OptionSpec.bool("time_format_iso_8601", "false",
            "Prefix alerts with the UTC ISO 8601 time instead of local HH:MM:SS.nnnnnnnnn");
    static final OptionSpec HOSTNAME = OptionSpec.str("hostname", null,
            "The 'hostname' of alerts (default: env FALCO_HOSTNAME, else the host name)");
    static final OptionSpec SUGGESTED_OUTPUT = OptionSpec.bool("suggested_output", "true",
            "Append container_id, container_name, image and k8s pod/namespace fields to every output (Falco >= 0.41)");
    static final OptionSpec APPEND_OUTPUT = OptionSpec.str("append_output", null,
            "A format appended (after a space) to every rule output, e.g. 'user_uid=%user.uid'; repeatable").multi();

    private static final List<OptionSpec> OPTIONS = List.of(RULES_FILE, RULE_MATCHING, PRIORITY, TAG, OUTPUT_FORMAT,
            KEEP_EVENTS, JSON_INCLUDE_OUTPUT, JSON_INCLUDE_TAGS, JSON_INCLUDE_MESSAGE, JSON_INCLUDE_OUTPUT_FIELDS,
            TIME_FORMAT_ISO_8601, HOSTNAME, SUGGESTED_OUTPUT, APPEND_OUTPUT);

    @Override
    public String name() {
        return "falco";
    }

    @Override
    public String description() {
        return "Falco rules on syscall events: emits Falco alerts";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        Options o = ctx.options();
        MatchMode mode = switch (o.str(RULE_MATCHING).trim().toLowerCase(Locale.ROOT)) {
            case "first" -> MatchMode.FIRST;
            case "all" -> MatchMode.ALL;
            default -> throw invalid(o, RULE_MATCHING, "first or all");
        };
        Priority threshold = Priority.parse(o.str(PRIORITY));
        if (threshold == null) {
            throw invalid(o, PRIORITY, "emergency, alert, critical, error, warning, notice, informational or debug");
        }
        AlertRecordFormat format = AlertRecordFormat.parse(o.str(OUTPUT_FORMAT));
        if (format == null) {
            throw invalid(o, OUTPUT_FORMAT, "json or text");
        }
        String tag = o.str(TAG);
        if (tag == null || tag.isBlank()) {
            throw invalid(o, TAG, "a non-empty tag");
        }

        RulesFiles.Loaded loaded;
        try {
            loaded = RulesFiles.load(RulesFiles.resolve(o.all(RULES_FILE)));
        } catch (IOException e) {
            throw new PluginConfigException("Rules_File" + at(o, RULES_FILE) + ": " + e.getMessage(), e);
        }
        if (!loaded.successful()) {
            StringBuilder sb = new StringBuilder("could not load rules");
            for (LoadMessage m : loaded.result().errors()) {
                sb.append("\n").append(m);
            }
            throw new PluginConfigException(sb.toString());
        }
        for (Path f : loaded.files()) {
            String s = RulesFiles.summary(f, loaded.result(), true);
            if (s.contains(", with warnings")) {
                ctx.log().warn(s);
            }
        }
        RuleSet rules = loaded.rules();
        rules.applyPriorityThreshold(threshold);

        List<String> appends = new ArrayList<>();
        if (o.bool(SUGGESTED_OUTPUT)) {
            appends.add(AlertFormatter.SUGGESTED_OUTPUT);
        }
        appends.addAll(o.<String>all(APPEND_OUTPUT));
        AlertFormatOptions fo = new AlertFormatOptions(o.bool(TIME_FORMAT_ISO_8601), ZoneId.systemDefault(),
                hostname(o.str(HOSTNAME)), o.bool(JSON_INCLUDE_OUTPUT), o.bool(JSON_INCLUDE_TAGS),
                o.bool(JSON_INCLUDE_MESSAGE), o.bool(JSON_INCLUDE_OUTPUT_FIELDS), appends);
        AlertFormatter formatter;
        try {
            formatter = new AlertFormatter(rules, fo, FieldRegistry.syscall());
        } catch (OutputFormatException e) {
            throw new PluginConfigException("invalid output: " + e.getMessage());
        }
        ctx.log().info(loaded.files().size() + " rules file(s), " + rules.rules().size() + " rules, "
                + rules.enabledCount() + " enabled at priority >= " + threshold.display());
        List<FalcoEventAdapter> adapters = new ArrayList<>();
        ServiceLoader.load(FalcoEventAdapter.class, FalcoFilterFactory.class.getClassLoader()).forEach(adapters::add);
        return new FalcoFilter(rules, formatter, mode, tag, format, o.bool(KEEP_EVENTS), adapters);
    }

    private static PluginConfigException invalid(Options o, OptionSpec spec, String expected) {
        Object v = o.str(spec);
        return new PluginConfigException("invalid " + spec.name() + at(o, spec) + ": '" + v + "' (expected: "
                + expected + ")");
    }

    private static String at(Options o, OptionSpec spec) {
        Location l = o.location(spec);
        return l == null ? "" : " at " + l;
    }

    /** Falco's rule: env FALCO_HOSTNAME, else gethostname(). */
    static String hostname(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String env = System.getenv("FALCO_HOSTNAME");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                return Files.readString(p).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
