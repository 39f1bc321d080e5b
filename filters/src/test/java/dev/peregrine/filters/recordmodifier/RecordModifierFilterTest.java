package dev.peregrine.filters.recordmodifier;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordModifierFilterTest {
    private final RecordModifierFilterFactory f = new RecordModifierFilterFactory();

    @Test
    void recordModifier_recordOnExistingKey_createsDuplicate() throws PluginConfigException {
        var r = f.create(TestPluginContext.of(f, "record", "host node-7", "record", "skipped two words",
                "remove_key", "SECRET"));
        var c = Collector.run(r, "t", "{\"host\":\"old\",\"secret\":\"s\"}");
        assertEquals(4, c.kept.get(0).body().getKeyValueArray().length);
        assertEquals("[\"host\",\"old\",\"host\",\"node-7\"]",
                org.msgpack.value.ValueFactory.newArray(c.kept.get(0).body().getKeyValueArray()).toJson());
    }

    @Test
    void recordModifier_allowlistWithPrefix_keepsMatchingKeysCaseInsensitively() throws PluginConfigException {
        var r = f.create(TestPluginContext.of(f, "allowlist_key", "LOG", "allowlist_key", "k8s_*"));
        assertEquals(List.of("{\"log\":\"a\",\"k8s_pod\":\"p\"}"),
                Collector.run(r, "t", "{\"log\":\"a\",\"x\":1,\"k8s_pod\":\"p\"}").keptJson());
    }

    @Test
    void recordModifier_recordWithNoKeyLeft_isDropped() throws PluginConfigException {
        var r = f.create(TestPluginContext.of(f, "allowlist_key", "nothing"));
        assertTrue(Collector.run(r, "t", "{\"a\":1}").kept.isEmpty());
    }

    @Test
    void recordModifier_removeAndAllowlist_areExclusive() {
        var e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "allowlist_key", "a", "remove_key", "b")));
        assertEquals("remove_keys and allowlist_keys are exclusive with each other.", e.getMessage());
    }
}
