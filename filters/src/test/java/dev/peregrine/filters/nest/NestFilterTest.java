package dev.peregrine.filters.nest;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NestFilterTest {
    private final NestFilterFactory f = new NestFilterFactory();

    @Test
    void nest_wildcardKeysMoveUnderNewKeyAtEnd() throws PluginConfigException {
        var n = f.create(TestPluginContext.of(f, "operation", "nest", "wildcard", "k_*", "nest_under", "k",
                "remove_prefix", "k_"));
        assertEquals(List.of("{\"x\":0,\"k\":{\"a\":1,\"b\":2}}"),
                Collector.run(n, "t", "{\"k_a\":1,\"x\":0,\"k_b\":2}").keptJson());
    }

    @Test
    void lift_addsPrefixAndLeavesNonMapsAlone() throws PluginConfigException {
        var n = f.create(TestPluginContext.of(f, "operation", "lift", "nested_under", "k", "add_prefix", "p_"));
        assertEquals(List.of("{\"x\":0,\"p_a\":1}", "{\"k\":\"str\"}"),
                Collector.run(n, "t", "{\"k\":{\"a\":1},\"x\":0} {\"k\":\"str\"}").keptJson());
    }

    @Test
    void nest_invalidOperation_failsLikeFluentBit() {
        var e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "operation", "flatten")));
        assertEquals("Key \"operation\" has invalid value 'flatten'. Expected 'nest' or 'lift'\n", e.getMessage());
        var e2 = assertThrows(PluginConfigException.class, () -> f.create(TestPluginContext.of(f, "wildcard", "a")));
        assertEquals("Operation can only be NEST or LIFT", e2.getMessage());
    }
}
