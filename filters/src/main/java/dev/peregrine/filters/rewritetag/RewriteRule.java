package dev.peregrine.filters.rewritetag;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.accessor.RecordTemplate;
import dev.peregrine.pipeline.parser.RubyRegex;

/** One {@code Rule $key regex new_tag keep} line. */
record RewriteRule(RecordAccessor key, RubyRegex regex, RecordTemplate tag, boolean keep) {
}
