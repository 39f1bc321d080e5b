package dev.peregrine.filters.rewritetag;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.accessor.RecordTemplate;
import dev.peregrine.pipeline.config.ConfigValues;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The rewrite_tag filter ({@code plugins/filter_rewrite_tag}). Fluent Bit re-emits through an internal "emitter"
 * input named {@code Emitter_Name}; here the core re-injects what the filter passes to {@code emit}, and the
 * emitter options are accepted and validated for compatibility.
 */
public final class RewriteTagFilterFactory implements FilterFactory {
    static final OptionSpec RULE = OptionSpec.slist("rule", 4, "Rule: KEY REGEX NEW_TAG KEEP").multi();
    static final OptionSpec EMITTER_NAME = OptionSpec.str("emitter_name", null,
            "Name of the internal emitter input (default emitter_for_<filter name>)");
    static final OptionSpec EMITTER_STORAGE_TYPE = OptionSpec.str("emitter_storage.type", "memory",
            "Buffering of re-emitted records: memory or filesystem");
    static final OptionSpec EMITTER_MEM_BUF_LIMIT = OptionSpec.size("emitter_mem_buf_limit", "10M",
            "set a memory buffer limit to restrict memory usage of emitter");

    @Override
    public String name() {
        return "rewrite_tag";
    }

    @Override
    public String description() {
        return "Rewrite records tags";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(RULE, EMITTER_NAME, EMITTER_STORAGE_TYPE, EMITTER_MEM_BUF_LIMIT);
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        String storage = ctx.options().str(EMITTER_STORAGE_TYPE);
        if (storage != null && !storage.equalsIgnoreCase("memory") && !storage.equalsIgnoreCase("filesystem")) {
            throw new PluginConfigException("invalid 'emitter_storage.type' value. Only 'memory' or 'filesystem' "
                    + "types are allowed");
        }
        List<RewriteRule> rules = new ArrayList<>();
        for (Object o : ctx.options().all(RULE)) {
            @SuppressWarnings("unchecked")
            List<String> parts = (List<String>) o;
            rules.add(rule(parts));
        }
        if (rules.isEmpty()) {
            ctx.log().warn("no rules have defined");
        }
        return new RewriteTagFilter(rules);
    }

    static RewriteRule rule(List<String> parts) throws PluginConfigException {
        if (parts.size() < 4) {
            throw new PluginConfigException("failed to get entry");
        }
        RecordAccessor key;
        try {
            key = RecordAccessor.of(parts.get(0));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("invalid record accessor key ? '" + parts.get(0) + "'");
        }
        RubyRegex regex;
        try {
            regex = RubyRegex.compile(parts.get(1));
        } catch (PatternSyntaxException e) {
            throw new PluginConfigException("could not compile regex pattern '" + parts.get(1) + "'");
        }
        RecordTemplate tag;
        try {
            tag = RecordTemplate.compile(parts.get(2));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("could not compose tag: " + parts.get(2));
        }
        Boolean keep = ConfigValues.bool(parts.get(3));
        return new RewriteRule(key, regex, tag, keep != null && keep);
    }
}
