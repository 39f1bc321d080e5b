package dev.peregrine.filters.modify;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModifyFilterTest {
    private final ModifyFilterFactory f = new ModifyFilterFactory();

    @Test
    void modify_setMovesExistingKeyToEnd_andValuesAreStrings() throws PluginConfigException {
        var m = f.create(TestPluginContext.of(f, "set", "a 10", "add", "b nope", "add", "c \"big value\""));
        assertEquals(List.of("{\"b\":2,\"a\":\"10\",\"c\":\"big value\"}"),
                Collector.run(m, "t", "{\"a\":1,\"b\":2}").keptJson());
    }

    @Test
    void modify_unquotedValueWithSpaces_failsAtCreation() {
        var e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "set", "phrase hello big world")));
        assertEquals("Invalid config for set", e.getMessage());
    }

    @Test
    void modify_conditionsMustAllHold() throws PluginConfigException {
        var m = f.create(TestPluginContext.of(f, "condition", "key_value_equals level error",
                "condition", "key_exists code", "rename", "log message"));
        assertEquals(List.of("{\"level\":\"error\",\"code\":1,\"message\":\"x\"}", "{\"level\":\"error\",\"log\":\"y\"}"),
                Collector.run(m, "t", "{\"level\":\"error\",\"code\":1,\"log\":\"x\"} {\"level\":\"error\",\"log\":\"y\"}")
                        .keptJson());
    }

    @Test
    void modify_hardRenameAndCopy_replaceConflicts() throws PluginConfigException {
        var m = f.create(TestPluginContext.of(f, "hard_rename", "a b", "hard_copy", "b c", "remove_wildcard", "tmp",
                "move_to_start", "c"));
        assertEquals(List.of("{\"c\":1,\"b\":1}"),
                Collector.run(m, "t", "{\"a\":1,\"b\":2,\"c\":3,\"tmp_1\":0}").keptJson());
    }

    @Test
    void modify_removeRegex_andBooleanValuesMatchAsText() throws PluginConfigException {
        var m = f.create(TestPluginContext.of(f, "condition", "key_value_matches flag ^true$",
                "remove_regex", "^M.g$"));
        assertEquals(List.of("{\"flag\":true}", "{\"flag\":false,\"Msg\":1}"),
                Collector.run(m, "t", "{\"flag\":true,\"Msg\":1} {\"flag\":false,\"Msg\":1}").keptJson());
    }
}
