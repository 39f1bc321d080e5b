package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.parser.MultilineParserDefinition;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.RubyRegex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A multiline parser ready to run ({@code struct flb_ml_parser}): its type, the match string (endswith / equal), the
 * record keys it works on, an optional parser applied to each line first, and for regex parsers the rules with their
 * state transitions resolved.
 */
final class MultilineSpec {
    /** Fluent Bit's FLB_ML_FLUSH_TIMEOUT. */
    static final int DEFAULT_FLUSH_MS = 4000;

    enum Type { REGEX, ENDSWITH, EQUAL }

    /** A rule with its successors: the rules whose from-states include this rule's next state. */
    static final class Rule {
        final List<String> fromStates;
        final RubyRegex regex;
        final String nextState;
        final boolean start;
        final List<Rule> next = new ArrayList<>();

        Rule(List<String> fromStates, RubyRegex regex, String nextState) {
            this.fromStates = fromStates;
            this.regex = regex;
            this.nextState = nextState;
            this.start = fromStates.contains("start_state");
        }
    }

    final String name;
    final Type type;
    final byte[] matchString;
    final boolean negate;
    final int flushMs;
    final String keyContent;
    final String keyPattern;
    final String keyGroup;
    final Parser parser;
    final List<Rule> rules;

    MultilineSpec(String name, Type type, String matchString, boolean negate, int flushMs, String keyContent,
                  String keyPattern, String keyGroup, Parser parser, List<Rule> rules) {
        this.name = name;
        this.type = type;
        this.matchString = matchString == null ? null : matchString.getBytes(StandardCharsets.UTF_8);
        this.negate = negate;
        this.flushMs = flushMs > 0 ? flushMs : DEFAULT_FLUSH_MS;
        this.keyContent = keyContent;
        this.keyPattern = keyPattern;
        this.keyGroup = keyGroup;
        this.parser = parser;
        this.rules = rules;
        for (Rule r : rules) {
            if (r.nextState == null) {
                continue;
            }
            boolean known = false;
            for (Rule s : rules) {
                if (s.fromStates.contains(r.nextState)) {
                    known = true;
                    r.next.add(s);
                }
            }
            if (!known) {
                throw new IllegalArgumentException("[multiline parser: " + name + "] to_state='" + r.nextState
                    + "' is not registered");
            }
        }
    }

    static Rule rule(String fromStates, String regex, String next) {
        List<String> states = new ArrayList<>();
        for (String s : fromStates.split(",")) {
            states.add(s.trim());
        }
        return new Rule(states, RubyRegex.compile(regex), next);
    }

    /** A [MULTILINE_PARSER] from the config; its Parser (if any) is looked up by the caller. */
    static MultilineSpec from(MultilineParserDefinition d, Parser parser) {
        Type t = switch (d.type()) {
            case REGEX -> Type.REGEX;
            case ENDSWITH -> Type.ENDSWITH;
            case EQUAL -> Type.EQUAL;
            case PARSER -> Type.REGEX;
        };
        List<Rule> rules = new ArrayList<>();
        for (MultilineParserDefinition.Rule r : d.rules()) {
            rules.add(new Rule(r.fromStates(), r.regex(), r.nextState()));
        }
        return new MultilineSpec(d.name(), t, d.matchString(), d.negate(), d.flushTimeoutMs(), d.keyContent(),
            d.keyPattern(), d.keyGroup(), parser, rules);
    }
}
