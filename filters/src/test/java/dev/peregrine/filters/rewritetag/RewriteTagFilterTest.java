package dev.peregrine.filters.rewritetag;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RewriteTagFilterTest {
    private final RewriteTagFilterFactory f = new RewriteTagFilterFactory();

    @Test
    void rewriteTag_firstMatchingRuleEmits_andKeepDecidesOriginal() throws PluginConfigException {
        var r = f.create(TestPluginContext.of(f, "rule", "$level ^(error)$ alert.$TAG[1].$1 false",
                "rule", "$level ^(.*)$ all.$1 true"));
        Collector c = Collector.run(r, "app.log", "{\"level\":\"error\"} {\"level\":\"info\"}");
        assertEquals(List.of("alert.log.error", "all.info"), c.emittedTags);
        assertEquals(List.of("{\"level\":\"info\"}"), c.keptJson());
    }

    @Test
    void rewriteTag_badRegex_failsLikeFluentBit() {
        var e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "rule", "$a ( x true")));
        assertEquals("could not compile regex pattern '('", e.getMessage());
    }
}
