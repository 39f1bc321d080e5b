package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.ConfigValues;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Builds parsers from config sections, with Fluent Bit's checks and error wording
 * ({@code flb_parser_load_parser_definitions}, {@code flb_parser_create}). Property values must already have had
 * their {@code ${VAR}} references expanded; an empty value counts as not set, as in Fluent Bit.
 *
 * <p>The core calls {@link #fromSection} for each [PARSER] (Parsers_File or YAML {@code parsers:}) and adds the result
 * to the {@link ParserRegistry}; {@link #multilineFromSection} for each [MULTILINE_PARSER].
 */
public final class ParserDefinitions {
    private ParserDefinitions() {
    }

    /**
     * A [PARSER] section to a parser.
     *
     * @throws ConfigException with Fluent Bit's message, e.g. "[parser] no parser 'format' found for 'x' in file 'f'"
     *                         or "[parser:x] Invalid regex pattern ..."
     */
    public static Parser fromSection(Section s) throws ConfigException {
        Location at = s.location();
        String file = at == null ? "" : at.file();
        String name = get(s, "name");
        if (name == null) {
            throw new ConfigException(at, "[parser] no parser 'name' found in file '" + file + "'");
        }
        String format = get(s, "format");
        if (format == null) {
            throw new ConfigException(at, "[parser] no parser 'format' found for '" + name + "' in file '" + file + "'");
        }
        String regex = get(s, "regex");
        if (regex == null && format.equals("regex")) {
            throw new ConfigException(at, "[parser] no parser 'regex' found for '" + name + "' in file '" + file + "'");
        }
        boolean skipEmpty = bool(s, "skip_empty_values", true);
        String timeFmt = get(s, "time_format");
        String timeKey = get(s, "time_key");
        boolean timeKeep = bool(s, "time_keep", false);
        boolean timeStrict = bool(s, "time_strict", true);
        boolean systemTz = bool(s, "time_system_timezone", false);
        String timeOffset = get(s, "time_offset");
        String timeZone = get(s, "time_zone");
        boolean noBareKeys = bool(s, "logfmt_no_bare_keys", false);
        String typesStr = get(s, "types");
        FieldDecoders decoders;
        try {
            List<Map.Entry<String, String>> props = new ArrayList<>();
            for (Property p : s.properties()) {
                props.add(new AbstractMap.SimpleEntry<>(p.key(), p.value()));
            }
            decoders = FieldDecoders.of(props);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "[parser] " + e.getMessage());
        }
        String kind = format.toLowerCase(Locale.ROOT);
        if (!List.of("regex", "json", "ltsv", "logfmt").contains(kind)) {
            throw new ConfigException(at, "[parser:" + name + "] Invalid format " + format);
        }
        RubyRegex compiled = null;
        if (kind.equals("regex")) {
            if (regex == null) {
                throw new ConfigException(at, "[parser:" + name + "] Invalid regex pattern");
            }
            try {
                compiled = RubyRegex.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(at, "[parser:" + name + "] Invalid regex pattern " + regex);
            }
        }
        if (timeZone != null && timeFmt == null) {
            throw new ConfigException(at, "[parser:" + name + "] time_zone requires time_format");
        }
        TimeFormat tf = null;
        if (timeFmt != null) {
            if (timeZone != null) {
                // IANA zones for naive timestamps are not supported yet: refuse rather than shift times silently
                if (systemTz) {
                    throw new ConfigException(at, "[parser:" + name + "] time_zone cannot be combined with "
                            + "time_system_timezone");
                }
                if (timeOffset != null) {
                    throw new ConfigException(at, "[parser:" + name + "] time_zone cannot be combined with "
                            + "time_offset");
                }
                throw new ConfigException(at, "[parser:" + name + "] invalid or unavailable time_zone '"
                        + timeZone + "'");
            }
            long offset = 0;
            if (!systemTz && timeOffset != null) {
                try {
                    offset = TimeFormat.parseOffset(timeOffset);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(at, "[parser:" + name + "] " + e.getMessage());
                }
            }
            tf = new TimeFormat(timeFmt, offset);
        }
        ParserSettings settings = new ParserSettings(name, timeKey, tf, timeKeep, timeStrict,
                typesStr == null ? null : FieldTypes.parse(typesStr), decoders, skipEmpty, noBareKeys);
        return switch (kind) {
            case "regex" -> new RegexRecordParser(settings, compiled);
            case "json" -> new JsonRecordParser(settings);
            case "ltsv" -> new LtsvRecordParser(settings);
            default -> new LogfmtRecordParser(settings);
        };
    }

    /**
     * A [MULTILINE_PARSER] section (classic {@code rule} lines, or YAML rules as child sections with keys
     * {@code state}, {@code regex}, {@code next_state}).
     *
     * @throws ConfigException with Fluent Bit's message, e.g. "[multiline_parser] no 'type' defined in file 'f'"
     */
    public static MultilineParserDefinition multilineFromSection(Section s) throws ConfigException {
        Location at = s.location();
        String file = at == null ? "" : at.file();
        String name = get(s, "name");
        if (name == null) {
            throw new ConfigException(at, "[multiline_parser] no 'name' defined in file '" + file + "'");
        }
        String typeStr = get(s, "type");
        if (typeStr == null) {
            throw new ConfigException(at, "[multiline_parser] no 'type' defined in file '" + file + "'");
        }
        MultilineParserDefinition.Type type = switch (typeStr.toLowerCase(Locale.ROOT)) {
            case "regex" -> MultilineParserDefinition.Type.REGEX;
            case "endswith" -> MultilineParserDefinition.Type.ENDSWITH;
            case "equal", "eq" -> MultilineParserDefinition.Type.EQUAL;
            case "parser" -> MultilineParserDefinition.Type.PARSER;
            default -> throw new ConfigException(at, "[multiline_parser] invalid type '" + typeStr + "'");
        };
        String flush = get(s, "flush_timeout");
        int flushMs = flush == null ? -1 : (int) FieldTypes.atoll(flush);
        List<MultilineParserDefinition.Rule> rules = new ArrayList<>();
        if (type == MultilineParserDefinition.Type.REGEX) {
            for (Section g : s.children()) {
                String state = g.get("state");
                String rx = g.get("regex");
                String next = g.get("next_state");
                if (state == null) {
                    throw new ConfigException(g.location(), "[multiline parser: " + name + "] invalid 'state' key");
                }
                if (rx == null) {
                    throw new ConfigException(g.location(), "[multiline parser: " + name + "] invalid 'regex' key");
                }
                if (next == null) {
                    throw new ConfigException(g.location(),
                            "[multiline parser: " + name + "] invalid 'next_state' key");
                }
                rules.add(rule(name, state, rx, next, g.location()));
            }
            for (Property p : s.properties()) {
                if (!p.key().equalsIgnoreCase("rule")) {
                    continue;
                }
                List<String> parts = ConfigValues.slist(p.value(), 3);
                if (parts.isEmpty()) {
                    throw new ConfigException(p.location(), "[multiline parser: " + name + "] 'from_state' is mandatory");
                }
                if (parts.size() < 2) {
                    throw new ConfigException(p.location(),
                            "[multiline parser: " + name + "] 'regex_pattern' is mandatory");
                }
                rules.add(rule(name, parts.get(0), parts.get(1), parts.size() > 2 ? parts.get(2) : null,
                        p.location()));
            }
            checkStates(name, rules, at);
        }
        return new MultilineParserDefinition(name, type, flushMs, get(s, "match_string"),
                bool(s, "negate", false), get(s, "key_content"), get(s, "key_pattern"), get(s, "key_group"),
                get(s, "parser"), rules);
    }

    private static MultilineParserDefinition.Rule rule(String name, String from, String rx, String next,
                                                       Location at) throws ConfigException {
        try {
            List<String> states = Arrays.stream(from.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            return new MultilineParserDefinition.Rule(states, RubyRegex.compile(rx), next);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(at, "[multiline parser: " + name + "] error creating rule");
        }
    }

    /** Fluent Bit's flb_ml_parser_init: there must be a start_state and every next state must exist. */
    private static void checkStates(String name, List<MultilineParserDefinition.Rule> rules, Location at)
            throws ConfigException {
        boolean start = rules.stream().anyMatch(MultilineParserDefinition.Rule::isStart);
        boolean ok = start;
        for (MultilineParserDefinition.Rule r : rules) {
            if (r.nextState() != null && rules.stream().noneMatch(o -> o.fromStates().contains(r.nextState()))) {
                ok = false;
            }
        }
        if (!ok) {
            throw new ConfigException(at, "[multiline parser: " + name + "] invalid mapping rules, check the states");
        }
    }

    /** The last value of a key, or null when missing or empty (Fluent Bit's get_parser_key). */
    private static String get(Section s, String key) {
        String v = s.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    private static boolean bool(Section s, String key, boolean def) {
        String v = get(s, key);
        if (v == null) {
            return def;
        }
        // flb_utils_bool: anything but a true word is false
        Boolean b = ConfigValues.bool(v);
        return b != null && b;
    }
}
