package dev.peregrine.filters.grep;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrepFilterTest {
    private final GrepFilterFactory f = new GrepFilterFactory();
    private static final String RECS = "{\"a\":\"x\",\"b\":\"y\"} {\"a\":\"z\",\"b\":\"y\"} {\"a\":1}";

    @Test
    void grep_legacyMode_firstMatchingRegexKeeps() throws PluginConfigException {
        // the first rule matches "x": kept at once, the second rule is never checked
        var g = f.create(TestPluginContext.of(f, "regex", "a ^x", "regex", "b ^nomatch"));
        assertEquals(List.of("{\"a\":\"x\",\"b\":\"y\"}"), Collector.run(g, "t", RECS).keptJson());
    }

    @Test
    void grep_regexNeverMatchesNumbers() throws PluginConfigException {
        var g = f.create(TestPluginContext.of(f, "regex", "a ^1$"));
        assertEquals(List.of(), Collector.run(g, "t", RECS).keptJson());
    }

    @Test
    void grep_andMode_excludesOnlyWhenAllMatch() throws PluginConfigException {
        var g = f.create(TestPluginContext.of(f, "logical_op", "and", "exclude", "a ^x", "exclude", "b ^y"));
        assertEquals(2, Collector.run(g, "t", RECS).kept.size());
    }

    @Test
    void grep_orMode_nestedAccessor() throws PluginConfigException {
        var g = f.create(TestPluginContext.of(f, "logical_op", "or", "regex", "$k['l'] ^v$", "regex", "a ^q"));
        assertEquals(1, Collector.run(g, "t", "{\"k\":{\"l\":\"v\"}} {\"k\":{\"l\":\"w\"}}").kept.size());
    }

    @Test
    void grep_mixedRulesWithLogicalOp_failLikeFluentBit() {
        var e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "logical_op", "or", "regex", "a ^x", "exclude", "b ^y")));
        assertEquals("Both 'regex' and 'exclude' are set.", e.getMessage());
        var e2 = assertThrows(PluginConfigException.class, () -> f.create(TestPluginContext.of(f, "regex", "a")));
        assertEquals("invalid regex, expected field and regular expression", e2.getMessage());
    }
}
