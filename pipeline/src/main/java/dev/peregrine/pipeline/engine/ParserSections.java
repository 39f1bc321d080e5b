package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.parser.ParserRegistry;

import java.util.List;

/** Builds the parser registry from the config's [PARSER] and [MULTILINE_PARSER] sections. */
final class ParserSections {
    private ParserSections() {
    }

    static ParserRegistry build(Config config, List<ConfigError> errors) {
        ParserRegistry r = new ParserRegistry();
        // Parser definitions are wired in when the parser implementations land (filters branch).
        return r;
    }
}
