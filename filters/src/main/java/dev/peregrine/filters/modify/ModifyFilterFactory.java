package dev.peregrine.filters.modify;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** The modify filter ({@code plugins/filter_modify}): conditions, then rules, in config order. */
public final class ModifyFilterFactory implements FilterFactory {
    static final OptionSpec SET = spec("set", "Add a key/value pair with key KEY and value VALUE. "
            + "If KEY already exists, this field is overwritten.");
    static final OptionSpec ADD = spec("add", "Add a key/value pair with key KEY and value VALUE if KEY does not exist");
    static final OptionSpec REMOVE = spec("remove", "Remove a key/value pair with key KEY if it exists");
    static final OptionSpec REMOVE_WILDCARD = spec("remove_wildcard",
            "Remove all key/value pairs with key matching wildcard KEY");
    static final OptionSpec REMOVE_REGEX = spec("remove_regex", "Remove all key/value pairs with key matching regexp KEY");
    static final OptionSpec MOVE_TO_START = spec("move_to_start",
            "Move key/value pairs with keys matching KEY to the start of the message");
    static final OptionSpec MOVE_TO_END = spec("move_to_end",
            "Move key/value pairs with keys matching KEY to the end of the message");
    static final OptionSpec RENAME = spec("rename", "Rename a key/value pair with key KEY to RENAMED_KEY "
            + "if KEY exists AND RENAMED_KEY does not exist");
    static final OptionSpec HARD_RENAME = spec("hard_rename", "Rename a key/value pair with key KEY to RENAMED_KEY "
            + "if KEY exists. If RENAMED_KEY already exists, this field is overwritten");
    static final OptionSpec COPY = spec("copy", "Copy a key/value pair with key KEY to COPIED_KEY "
            + "if KEY exists AND COPIED_KEY does not exist");
    static final OptionSpec HARD_COPY = spec("hard_copy", "Copy a key/value pair with key KEY to COPIED_KEY "
            + "if KEY exists. If COPIED_KEY already exists, this field is overwritten");
    static final OptionSpec CONDITION = spec("condition", "Set the condition to modify. Key_exists, "
            + "Key_does_not_exist, A_key_matches, No_key_matches, Key_value_equals, Key_value_does_not_equal, "
            + "Key_value_matches, Key_value_does_not_match, Matching_keys_have_matching_values "
            + "and Matching_keys_do_not_have_matching_values are supported.");

    private static final List<OptionSpec> ALL = List.of(SET, ADD, REMOVE, REMOVE_WILDCARD, REMOVE_REGEX,
            MOVE_TO_START, MOVE_TO_END, RENAME, HARD_RENAME, COPY, HARD_COPY, CONDITION);

    private static OptionSpec spec(String name, String description) {
        return OptionSpec.str(name, null, description).multi();
    }

    @Override
    public String name() {
        return "modify";
    }

    @Override
    public String description() {
        return "modify records by applying rules";
    }

    @Override
    public List<OptionSpec> options() {
        return ALL;
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        List<ModifyCondition> conditions = new ArrayList<>();
        List<ModifyRule> rules = new ArrayList<>();
        for (Map.Entry<OptionSpec, Object> e : ctx.options().inOrder(ALL)) {
            String key = e.getKey().name();
            String val = (String) e.getValue();
            List<String> parts = QuotedSplit.split(val, 3);
            if (parts == null || parts.isEmpty() || parts.size() > 3) {
                throw new PluginConfigException("Invalid config for " + key);
            }
            if (e.getKey() == CONDITION) {
                conditions.add(condition(key, val, parts));
            } else {
                rules.add(rule(key, val, parts));
            }
        }
        return new ModifyFilter(conditions, rules);
    }

    static ModifyCondition condition(String key, String raw, List<String> parts) throws PluginConfigException {
        ModifyCondition.Type type;
        boolean aRegex = false;
        boolean bRegex = false;
        switch (parts.get(0).toLowerCase(Locale.ROOT)) {
            case "key_exists" -> type = ModifyCondition.Type.KEY_EXISTS;
            case "key_does_not_exist" -> type = ModifyCondition.Type.KEY_DOES_NOT_EXIST;
            case "a_key_matches" -> {
                type = ModifyCondition.Type.A_KEY_MATCHES;
                aRegex = true;
            }
            case "no_key_matches" -> {
                type = ModifyCondition.Type.NO_KEY_MATCHES;
                aRegex = true;
            }
            case "key_value_equals" -> type = ModifyCondition.Type.KEY_VALUE_EQUALS;
            case "key_value_does_not_equal" -> type = ModifyCondition.Type.KEY_VALUE_DOES_NOT_EQUAL;
            case "key_value_matches" -> {
                type = ModifyCondition.Type.KEY_VALUE_MATCHES;
                bRegex = true;
            }
            case "key_value_does_not_match" -> {
                type = ModifyCondition.Type.KEY_VALUE_DOES_NOT_MATCH;
                bRegex = true;
            }
            case "matching_keys_have_matching_values" -> {
                type = ModifyCondition.Type.MATCHING_KEYS_HAVE_MATCHING_VALUES;
                aRegex = true;
                bRegex = true;
            }
            case "matching_keys_do_not_have_matching_values" -> {
                type = ModifyCondition.Type.MATCHING_KEYS_DO_NOT_HAVE_MATCHING_VALUES;
                aRegex = true;
                bRegex = true;
            }
            default -> throw new PluginConfigException("Invalid config for " + key + " : " + raw);
        }
        String a = parts.size() > 1 ? parts.get(1) : "";
        String b = parts.size() == 3 ? parts.get(2) : null;
        RecordAccessor ra;
        try {
            ra = RecordAccessor.of(a);
        } catch (IllegalArgumentException ex) {
            ra = null;
        }
        if (ra == null && !aRegex) {
            throw new PluginConfigException("Invalid config for " + key + " : " + raw);
        }
        RubyRegex ar = null;
        RubyRegex br = null;
        if (aRegex) {
            ar = regex(a, key, raw);
        }
        if (bRegex) {
            br = regex(b, key, raw);
        }
        return new ModifyCondition(type, ra, a, ar, b, br);
    }

    private static RubyRegex regex(String s, String key, String raw) throws PluginConfigException {
        if (s == null || s.isEmpty()) {
            throw new PluginConfigException("Unable to create regex for condition " + key + " " + raw);
        }
        try {
            return RubyRegex.compile(s);
        } catch (PatternSyntaxException ex) {
            throw new PluginConfigException("Unable to create regex(key) from " + s);
        }
    }

    static ModifyRule rule(String key, String raw, List<String> parts) throws PluginConfigException {
        String k = parts.get(0);
        String v = parts.get(parts.size() - 1);
        ModifyRule.Type type;
        if (parts.size() == 1) {
            type = switch (key) {
                case "remove" -> ModifyRule.Type.REMOVE;
                case "remove_wildcard" -> ModifyRule.Type.REMOVE_WILDCARD;
                case "remove_regex" -> ModifyRule.Type.REMOVE_REGEX;
                case "move_to_start" -> ModifyRule.Type.MOVE_TO_START;
                case "move_to_end" -> ModifyRule.Type.MOVE_TO_END;
                default -> throw new PluginConfigException("Invalid operation " + key + " : " + raw
                        + " in configuration");
            };
        } else if (parts.size() == 2) {
            type = switch (key) {
                case "rename" -> ModifyRule.Type.RENAME;
                case "hard_rename" -> ModifyRule.Type.HARD_RENAME;
                case "add" -> ModifyRule.Type.ADD;
                case "set" -> ModifyRule.Type.SET;
                case "copy" -> ModifyRule.Type.COPY;
                case "hard_copy" -> ModifyRule.Type.HARD_COPY;
                default -> throw new PluginConfigException("Invalid operation " + key + " : " + raw
                        + " in configuration");
            };
        } else {
            // three words: Fluent Bit leaves the rule type at its zero value, which is RENAME (first to last word)
            type = ModifyRule.Type.RENAME;
        }
        RubyRegex keyRegex = null;
        if (type == ModifyRule.Type.REMOVE_REGEX) {
            if (k.isEmpty()) {
                throw new PluginConfigException("Unable to create regex for rule " + key + " " + raw);
            }
            try {
                keyRegex = RubyRegex.compile(k);
            } catch (PatternSyntaxException ex) {
                throw new PluginConfigException("Unable to create regex(key) from " + k);
            }
        }
        return new ModifyRule(type, k, v, keyRegex);
    }
}
