package dev.peregrine.filters.recordmodifier;

import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;

/** The record_modifier filter ({@code plugins/filter_record_modifier}). */
public final class RecordModifierFilterFactory implements FilterFactory {
    static final OptionSpec RECORD = OptionSpec.slist("record", 2,
            "Append fields. This parameter needs key and value pair.").multi();
    static final OptionSpec REMOVE_KEY = OptionSpec.str("remove_key", null,
            "If the key is matched, that field is removed.").multi();
    static final OptionSpec ALLOWLIST_KEY = OptionSpec.str("allowlist_key", null,
            "If the key is not matched, that field is removed.").multi();
    static final OptionSpec WHITELIST_KEY = OptionSpec.str("whitelist_key", null,
            "(Alias of allowlist_key)").multi();
    static final OptionSpec UUID_KEY = OptionSpec.str("uuid_key", null,
            "If set, the plugin generates uuid per record.");

    @Override
    public String name() {
        return "record_modifier";
    }

    @Override
    public String description() {
        return "modify record";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(RECORD, REMOVE_KEY, ALLOWLIST_KEY, WHITELIST_KEY, UUID_KEY);
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        List<String[]> records = new ArrayList<>();
        for (Object o : ctx.options().all(RECORD)) {
            @SuppressWarnings("unchecked")
            List<String> parts = (List<String>) o;
            if (parts.size() != 2) {
                // Fluent Bit skips the entry and carries on, e.g. for an unquoted value with spaces
                ctx.log().error("invalid record parameters, expects 'KEY VALUE'");
                continue;
            }
            records.add(new String[] {parts.get(0), parts.get(1)});
        }
        List<KeyMatcher> remove = new ArrayList<>();
        for (Object o : ctx.options().all(REMOVE_KEY)) {
            remove.add(KeyMatcher.of((String) o));
        }
        List<KeyMatcher> allow = new ArrayList<>();
        for (Object o : ctx.options().all(ALLOWLIST_KEY)) {
            allow.add(KeyMatcher.of((String) o));
        }
        for (Object o : ctx.options().all(WHITELIST_KEY)) {
            allow.add(KeyMatcher.of((String) o));
        }
        if (!remove.isEmpty() && !allow.isEmpty()) {
            throw new PluginConfigException("remove_keys and allowlist_keys are exclusive with each other.");
        }
        return new RecordModifierFilter(remove, allow, records, ctx.options().str(UUID_KEY));
    }
}
