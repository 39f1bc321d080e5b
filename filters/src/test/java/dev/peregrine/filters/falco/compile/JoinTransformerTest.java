package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.parse.ConditionParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code join(SEP, LIST)} as libsinsp evaluates it: the list is extracted whole, then joined with the separator. */
class JoinTransformerTest {
    private static boolean eval(String condition, FieldSource event) {
        return new ConditionCompiler(FieldRegistry.syscall()).compile(ConditionParser.parse(condition)).matches(event);
    }

    @Test
    void itemsFromFields_joinedWithTheSeparator() {
        MapFieldSource e = new MapFieldSource().put("proc.name", "sh").put("proc.pname", "bash");
        assertTrue(eval("join(\"->\", (proc.pname, proc.name)) = \"bash->sh\"", e));
        assertTrue(eval("join(\",\", (\"a\", proc.name, \"b\")) = \"a,sh,b\"", e));
    }

    @Test
    void oneMissingItem_makesTheWholeResultMissing() {
        MapFieldSource e = new MapFieldSource().put("proc.name", "sh");
        assertFalse(eval("join(\"->\", (proc.pname, proc.name)) = \"sh\"", e));
        assertFalse(eval("join(\"->\", (proc.pname, proc.name)) exists", e));
        assertTrue(eval("not join(\"->\", (proc.pname, proc.name)) = \"sh\"", e));
    }
}
