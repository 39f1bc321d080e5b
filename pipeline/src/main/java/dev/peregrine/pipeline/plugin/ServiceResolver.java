package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.config.ServiceOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the [SERVICE] section into typed {@link Options}: unknown keys ignored, bad values reported. */
public final class ServiceResolver {
    private ServiceResolver() {
    }

    public static Options resolve(Section service, Env env, List<ConfigError> errors) {
        Map<String, List<Object>> values = new HashMap<>();
        Map<String, dev.peregrine.pipeline.config.Location> where = new HashMap<>();
        for (OptionSpec s : ServiceOptions.ALL) {
            for (Property p : service.all(s.name())) {
                String v = env.expand(p.value());
                Object parsed = OptionsResolver.parse(s, v);
                if (parsed == null) {
                    errors.add(new ConfigError(p.location(), "service: invalid value '" + v + "' for '" + s.name()
                        + "'"));
                    continue;
                }
                List<Object> l = values.computeIfAbsent(s.name(), k -> new ArrayList<>());
                if (!s.multiple()) {
                    l.clear();
                }
                l.add(parsed);
                where.put(s.name(), p.location());
            }
            if (!values.containsKey(s.name())) {
                List<Object> l = new ArrayList<>();
                if (s.defaultValue() != null) {
                    l.add(OptionsResolver.parse(s, s.defaultValue()));
                }
                values.put(s.name(), l);
            }
        }
        return new Options(values, where);
    }
}
