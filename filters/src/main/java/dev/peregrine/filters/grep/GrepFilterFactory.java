package dev.peregrine.filters.grep;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** The grep filter ({@code plugins/filter_grep}): keeps or drops records by regular expressions on fields. */
public final class GrepFilterFactory implements FilterFactory {
    static final OptionSpec REGEX = OptionSpec.str("regex", null,
            "Keep records in which the content of KEY matches the regular expression.").multi();
    static final OptionSpec EXCLUDE = OptionSpec.str("exclude", null,
            "Exclude records in which the content of KEY matches the regular expression.").multi();
    static final OptionSpec LOGICAL_OP = OptionSpec.str("logical_op", "legacy",
            "Specify whether to use logical conjuciton or disjunction. legacy, AND and OR are allowed.");

    @Override
    public String name() {
        return "grep";
    }

    @Override
    public String description() {
        return "grep events by specified field values";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(REGEX, EXCLUDE, LOGICAL_OP);
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        GrepFilter.Mode mode = GrepFilter.Mode.LEGACY;
        if (ctx.options().isSet(LOGICAL_OP)) {
            String op = ctx.options().str(LOGICAL_OP);
            if (op.equalsIgnoreCase("and")) {
                ctx.log().info("AND mode");
                mode = GrepFilter.Mode.AND;
            } else if (op.equalsIgnoreCase("or")) {
                ctx.log().info("OR mode");
                mode = GrepFilter.Mode.OR;
            } else if (op.equalsIgnoreCase("legacy")) {
                ctx.log().info("legacy mode");
            }
        }
        List<GrepRule> rules = new ArrayList<>();
        Boolean firstExclude = null;
        for (Map.Entry<OptionSpec, Object> e : ctx.options().inOrder(List.of(REGEX, EXCLUDE))) {
            boolean exclude = e.getKey() == EXCLUDE;
            if (mode != GrepFilter.Mode.LEGACY && firstExclude != null && firstExclude != exclude) {
                throw new PluginConfigException("Both 'regex' and 'exclude' are set.");
            }
            firstExclude = exclude;
            rules.add(rule(exclude, (String) e.getValue()));
        }
        return new GrepFilter(mode, rules);
    }

    /** Splits "FIELD REGEX" at the first space, as flb_utils_split(value, ' ', 1) does. */
    static GrepRule rule(boolean exclude, String value) throws PluginConfigException {
        int start = 0;
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        int space = value.indexOf(' ', start);
        // the regex is everything after that one space, leading blanks included
        if (space < 0 || space + 1 >= value.length()) {
            throw new PluginConfigException("invalid regex, expected field and regular expression");
        }
        String field = value.substring(start, space);
        String pattern = value.substring(space + 1);
        String path = field.startsWith("$") ? field : "$" + field;
        RecordAccessor ra;
        try {
            ra = RecordAccessor.of(path);
        } catch (IllegalArgumentException ex) {
            throw new PluginConfigException("invalid record accessor? '" + path + "'");
        }
        RubyRegex regex;
        try {
            regex = RubyRegex.compile(pattern);
        } catch (PatternSyntaxException ex) {
            throw new PluginConfigException("could not compile regex pattern '" + pattern + "'");
        }
        return new GrepRule(exclude, ra, regex);
    }
}
