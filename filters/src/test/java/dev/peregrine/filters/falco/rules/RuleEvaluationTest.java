package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loader + evaluator behaviour that the upstream vectors do not pin down. */
class RuleEvaluationTest {
    private static final String RULES = """
            - list: shells
              items: [bash, sh]
            - macro: spawned
              condition: evt.type in (execve, execveat)
            - rule: Shell spawned
              desc: d
              condition: spawned and proc.name in (shells)
              output: shell %proc.name (parent=%proc.pname)
              priority: WARNING
            - rule: Any exec
              desc: d
              condition: spawned and not proc.pname = init
              output: exec %proc.name
              priority: NOTICE
            """;

    private static RuleSet load(String yaml) {
        RuleLoader l = new RuleLoader().load("test.yaml", yaml);
        RuleSet rs = l.compile();
        assertTrue(l.result().successful(), l.result()::toString);
        return rs;
    }

    @Test
    void evaluate_firstMode_stopsAtFirstRuleInDefinitionOrder() {
        RuleSet rs = load(RULES);
        MapFieldSource ev = new MapFieldSource().put("evt.type", "execve").put("proc.name", "bash");
        List<String> hits = new ArrayList<>();
        rs.evaluate(EventTypeNames.indexOf("execve"), ev, MatchMode.FIRST, r -> hits.add(r.name()));
        assertEquals(List.of("Shell spawned"), hits);
        hits.clear();
        rs.evaluate(EventTypeNames.indexOf("execve"), ev, MatchMode.ALL, r -> hits.add(r.name()));
        assertEquals(List.of("Shell spawned", "Any exec"), hits);
    }

    @Test
    void evaluate_missingFieldUnderNot_makesNegatedCheckTrue() {
        RuleSet rs = load(RULES);
        // proc.pname missing: "proc.pname = init" is false, so "not ..." is true
        MapFieldSource ev = new MapFieldSource().put("evt.type", "execve").put("proc.name", "ls");
        assertEquals("Any exec", rs.firstMatch(EventTypeNames.indexOf("execve"), ev).name());
    }

    @Test
    void evaluate_eventTypeOutsideRuleIndex_matchesNothing() {
        RuleSet rs = load(RULES);
        MapFieldSource ev = new MapFieldSource().put("evt.type", "openat").put("proc.name", "bash");
        assertNull(rs.firstMatch(EventTypeNames.indexOf("openat"), ev));
    }

    @Test
    void priorityThreshold_disablesLessSevereRules() {
        RuleSet rs = load(RULES);
        rs.applyPriorityThreshold(Priority.WARNING);
        assertTrue(rs.isEnabled("Shell spawned"));
        assertFalse(rs.isEnabled("Any exec"));
    }

    @Test
    void condition_withUnknownMacro_failsWithLineAndColumn() {
        RuleLoader l = new RuleLoader().load("bad.yaml", """
                - rule: r
                  desc: d
                  condition: evt.type = open and not_a_macro
                  output: o
                  priority: INFO
                """);
        l.compile();
        LoadMessage e = l.result().errors().get(0);
        assertEquals("Undefined macro 'not_a_macro' used in filter.", e.message());
        assertEquals("bad.yaml", e.file());
        assertEquals(3, e.line());
        assertEquals(34, e.column());
        assertEquals("r", e.itemName());
    }

    @Test
    void condition_withUnknownField_failsUnlessSkipIfUnknownFilter() {
        String rule = """
                - rule: r
                  desc: d
                  condition: evt.type = open and foo.bar = 1
                  output: o
                  priority: INFO
                """;
        RuleLoader failing = new RuleLoader().load("x.yaml", rule);
        failing.compile();
        assertTrue(failing.result().errors().get(0).message().contains("nonexistent field foo.bar"));

        RuleLoader skipping = new RuleLoader().load("x.yaml", rule + "  skip-if-unknown-filter: true\n");
        RuleSet rs = skipping.compile();
        assertTrue(skipping.result().successful());
        assertEquals(0, rs.rules().size());
    }
}
