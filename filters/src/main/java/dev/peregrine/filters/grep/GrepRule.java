package dev.peregrine.filters.grep;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.parser.RubyRegex;

/**
 * One Regex or Exclude line: a record accessor (a plain key gets a '$' prefix) and a pattern.
 *
 * @param exclude true for Exclude, false for Regex
 */
record GrepRule(boolean exclude, RecordAccessor field, RubyRegex regex) {
}
