package dev.peregrine.filters.support;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.PluginFactory;
import dev.peregrine.pipeline.plugin.PluginKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds typed {@link Options} from raw properties with the core's own resolver, as a running config would. */
public final class TestOptions {
    private TestOptions() {
    }

    public static Options of(List<OptionSpec> specs, List<Property> props) {
        PluginFactory f = new PluginFactory() {
            @Override
            public PluginKind kind() {
                return PluginKind.FILTER;
            }

            @Override
            public String name() {
                return "test";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<OptionSpec> options() {
                return specs;
            }
        };
        Section s = new Section("filter", new Location("test.conf", 1));
        for (Property p : props) {
            s.add(p.key(), p.value(), p.location());
        }
        List<ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(f, s, new Env(Map.of(), k -> null), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        return o;
    }

    /** Properties from "key value" pairs, one per line number in order. */
    public static List<Property> props(String... kv) {
        List<Property> out = new ArrayList<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            out.add(new Property(kv[i].toLowerCase(), kv[i + 1], new Location("test.conf", i / 2 + 1)));
        }
        return out;
    }
}
