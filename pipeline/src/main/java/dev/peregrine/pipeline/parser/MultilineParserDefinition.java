package dev.peregrine.pipeline.parser;

import java.util.List;

/**
 * A [MULTILINE_PARSER] definition, as read from a config ({@code flb_parser_load_multiline_parser_definitions}). The
 * tail input (or a multiline filter) turns it into a running state machine; this is only the validated model.
 *
 * @param name           Name
 * @param type           Type: regex, endswith, equal (eq) or parser
 * @param flushTimeoutMs Flush_Timeout in milliseconds, or -1 when not set (the user of the parser picks its default)
 * @param matchString    Match_String (endswith/equal types), or null
 * @param negate         Negate
 * @param keyContent     Key_Content: the record key holding the text to join, or null
 * @param keyPattern     Key_Pattern, or null
 * @param keyGroup       Key_Group, or null
 * @param parser         Parser: the name of a [PARSER] applied first, or null
 * @param rules          the regex rules in config order (type regex)
 */
public record MultilineParserDefinition(String name, Type type, int flushTimeoutMs, String matchString,
                                        boolean negate, String keyContent, String keyPattern, String keyGroup,
                                        String parser, List<Rule> rules) {

    public enum Type { REGEX, ENDSWITH, EQUAL, PARSER }

    /**
     * One {@code rule "state" "/regex/" "next_state"} line. A state named {@code start_state} begins a new record;
     * a line matching a rule of the current state continues it and moves to {@code nextState}.
     *
     * @param fromStates the states this rule applies to: usually one name; Fluent Bit accepts a comma-separated list
     * @param regex      the compiled pattern
     * @param nextState  the state after a match, or null
     */
    public record Rule(List<String> fromStates, RubyRegex regex, String nextState) {
        /** Whether this rule belongs to the initial state ("start_state"). */
        public boolean isStart() {
            return fromStates.contains("start_state");
        }
    }

    public MultilineParserDefinition {
        rules = List.copyOf(rules);
    }
}
