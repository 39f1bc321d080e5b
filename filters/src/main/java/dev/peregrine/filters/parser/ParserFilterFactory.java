package dev.peregrine.filters.parser;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;

/** The parser filter ({@code plugins/filter_parser}). */
public final class ParserFilterFactory implements FilterFactory {
    static final OptionSpec KEY_NAME = OptionSpec.str("key_name", null, "Specify field name in record to parse.");
    static final OptionSpec PARSER = OptionSpec.str("parser", null, "Specify the parser name to interpret the field. "
            + "Multiple Parser entries are allowed (one per line).").multi();
    static final OptionSpec PRESERVE_KEY = OptionSpec.bool("preserve_key", "false",
            "Keep original Key_Name field in the parsed result. If false, the field will be removed.");
    static final OptionSpec RESERVE_DATA = OptionSpec.bool("reserve_data", "false",
            "Keep all other original fields in the parsed result. If false, all other original fields will be "
                    + "removed.");
    static final OptionSpec UNESCAPE_KEY = OptionSpec.str("unescape_key", null, "(deprecated)");

    @Override
    public String name() {
        return "parser";
    }

    @Override
    public String description() {
        return "Parse events";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(KEY_NAME, PARSER, PRESERVE_KEY, RESERVE_DATA, UNESCAPE_KEY);
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        Options o = ctx.options();
        String keyName = o.str(KEY_NAME);
        if (keyName == null) {
            throw new PluginConfigException("missing 'key_name'");
        }
        RecordAccessor ra = null;
        if (keyName.startsWith("$")) {
            try {
                ra = RecordAccessor.of(keyName);
            } catch (IllegalArgumentException e) {
                throw new PluginConfigException("invalid record accessor pattern '" + keyName + "'");
            }
        }
        List<Parser> parsers = new ArrayList<>();
        for (Object name : o.all(PARSER)) {
            Parser p = ctx.parsers() == null ? null : ctx.parsers().get((String) name);
            if (p == null) {
                ctx.log().error("requested parser '" + name + "' not found");
            } else {
                parsers.add(p);
            }
        }
        if (parsers.isEmpty()) {
            throw new PluginConfigException("Invalid 'parser'");
        }
        return new ParserFilter(keyName, ra, parsers, o.bool(RESERVE_DATA), o.bool(PRESERVE_KEY));
    }
}
