package dev.peregrine.filters.support;

import dev.peregrine.pipeline.config.ConfigValues;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds typed {@link Options} from raw properties, as the core will (a test stand-in, not the core's code). */
public final class TestOptions {
    private TestOptions() {
    }

    public static Options of(List<OptionSpec> specs, List<Property> props) {
        Map<String, List<Object>> values = new HashMap<>();
        Map<String, Location> locations = new HashMap<>();
        for (OptionSpec s : specs) {
            List<Object> vs = new ArrayList<>();
            for (Property p : props) {
                if (p.key().equalsIgnoreCase(s.name())) {
                    vs.add(convert(s, p.value()));
                    locations.putIfAbsent(s.name(), p.location());
                }
            }
            if (vs.isEmpty() && s.defaultValue() != null) {
                vs.add(convert(s, s.defaultValue()));
            }
            if (!s.multiple() && vs.size() > 1) {
                vs = new ArrayList<>(vs.subList(vs.size() - 1, vs.size()));
            }
            values.put(s.name(), vs);
        }
        return new Options(values, locations);
    }

    /** Properties from "key value" pairs, one per line number in order. */
    public static List<Property> props(String... kv) {
        List<Property> out = new ArrayList<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            out.add(new Property(kv[i].toLowerCase(), kv[i + 1], new Location("test.conf", i / 2 + 1)));
        }
        return out;
    }

    private static Object convert(OptionSpec s, String v) {
        return switch (s.type()) {
            case STR -> v;
            case INT -> Long.parseLong(v.trim());
            case DOUBLE -> Double.parseDouble(v.trim());
            case BOOL -> {
                Boolean b = ConfigValues.bool(v);
                yield b != null && b;
            }
            case SIZE -> ConfigValues.size(v);
            case TIME -> ConfigValues.seconds(v);
            case CLIST -> ConfigValues.clist(v);
            case SLIST -> ConfigValues.slist(v, s.splits());
        };
    }
}
