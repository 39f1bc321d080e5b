package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Property;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.parser.ParserDefinitions;
import dev.peregrine.pipeline.parser.ParserRegistry;

import java.util.List;

/** Builds the parser registry from the config's [PARSER] and [MULTILINE_PARSER] sections (values ${}-expanded). */
final class ParserSections {
    private ParserSections() {
    }

    static ParserRegistry build(Config config, Env env, List<ConfigError> errors) {
        ParserRegistry r = new ParserRegistry();
        for (Section s : config.parsers()) {
            try {
                r.add(ParserDefinitions.fromSection(expanded(s, env)));
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            }
        }
        for (Section s : config.multilineParsers()) {
            try {
                var def = ParserDefinitions.multilineFromSection(expanded(s, env));
                r.addMultiline(def.name(), def);
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            }
        }
        return r;
    }

    private static Section expanded(Section s, Env env) {
        Section out = new Section(s.kind(), s.location());
        for (Property p : s.properties()) {
            out.add(p.key(), env.expand(p.value()), p.location());
        }
        for (Section c : s.children()) {
            out.children().add(expanded(c, env));
        }
        return out;
    }
}
