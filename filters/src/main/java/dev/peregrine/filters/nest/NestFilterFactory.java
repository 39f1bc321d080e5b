package dev.peregrine.filters.nest;

import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;

/** The nest filter ({@code plugins/filter_nest}). */
public final class NestFilterFactory implements FilterFactory {
    static final OptionSpec OPERATION = OptionSpec.str("operation", null, "Select the operation nest or lift");
    static final OptionSpec WILDCARD = OptionSpec.str("wildcard", null,
            "Nest records which field matches the wildcard").multi();
    static final OptionSpec NEST_UNDER = OptionSpec.str("nest_under", null,
            "Nest records matching the Wildcard under this key");
    static final OptionSpec NESTED_UNDER = OptionSpec.str("nested_under", null,
            "Lift records nested under the Nested_under key");
    static final OptionSpec ADD_PREFIX = OptionSpec.str("add_prefix", null, "Prefix affected keys with this string");
    static final OptionSpec REMOVE_PREFIX = OptionSpec.str("remove_prefix", null,
            "Remove prefix from affected keys if it matches this string");

    @Override
    public String name() {
        return "nest";
    }

    @Override
    public String description() {
        return "nest events by specified field values";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OPERATION, WILDCARD, NEST_UNDER, NESTED_UNDER, ADD_PREFIX, REMOVE_PREFIX);
    }

    @Override
    public Filter create(PluginContext ctx) throws PluginConfigException {
        Options o = ctx.options();
        NestFilter.Operation op = null;
        String opValue = o.str(OPERATION);
        if (opValue != null) {
            // Fluent Bit compares the first 4 characters, case-sensitively
            if (opValue.startsWith("nest")) {
                op = NestFilter.Operation.NEST;
            } else if (opValue.startsWith("lift")) {
                op = NestFilter.Operation.LIFT;
            } else {
                throw new PluginConfigException("Key \"operation\" has invalid value '" + opValue
                        + "'. Expected 'nest' or 'lift'\n");
            }
        }
        boolean add = o.isSet(ADD_PREFIX);
        boolean remove = o.isSet(REMOVE_PREFIX);
        if (add && remove) {
            throw new PluginConfigException("Add_prefix and Remove_prefix are exclusive");
        }
        if (op == null) {
            throw new PluginConfigException("Operation can only be NEST or LIFT");
        }
        String prefix = add ? o.str(ADD_PREFIX) : remove ? o.str(REMOVE_PREFIX) : null;
        if ((add || remove) && (prefix == null || prefix.isEmpty())) {
            throw new PluginConfigException("A prefix has to be specified for prefix add or remove operations");
        }
        // Nest_under and Nested_under set the same key in Fluent Bit; prefer the one that fits the operation
        String key = op == NestFilter.Operation.NEST ? first(o.str(NEST_UNDER), o.str(NESTED_UNDER))
                : first(o.str(NESTED_UNDER), o.str(NEST_UNDER));
        List<String> wildcards = new ArrayList<>();
        for (Object w : o.all(WILDCARD)) {
            wildcards.add((String) w);
        }
        return new NestFilter(op, wildcards, key == null ? "" : key, prefix == null ? "" : prefix, add, remove);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
