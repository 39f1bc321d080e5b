package dev.peregrine.filters.falco.evttype;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.filters.falco.parse.ConditionParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs libsinsp's event-code extraction vectors (evttype-cases.json). */
class EventTypeAnalyzerVectorTest {

    private static EventTypeSet types(String condition) {
        return EventTypeAnalyzer.eventTypes(ConditionParser.parse(condition));
    }

    @TestFactory
    Stream<DynamicTest> evttypeCases_yieldExpectedSets() {
        Map<String, Object> v = Json.readObject(SharedData.vectors().resolve("evttype-cases.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(v.get("cases"))) {
            String cond = (String) c.get("condition");
            tests.add(DynamicTest.dynamicTest("line " + c.get("line") + ": " + cond, () -> {
                EventTypeSet actual = types(cond);
                if (c.get("expected") != null) {
                    assertEquals(expected(Json.object(c.get("expected"))), actual);
                }
                if (c.get("equivalent_to") != null) {
                    assertEquals(types((String) c.get("equivalent_to")), actual);
                }
            }));
        }
        for (Map<String, Object> c : Json.objects(v.get("throw_cases"))) {
            String cond = (String) c.get("condition");
            tests.add(DynamicTest.dynamicTest("throw line " + c.get("line") + ": " + cond, () -> {
                if (Boolean.TRUE.equals(c.get("expect_error"))) {
                    assertThrows(IllegalArgumentException.class, () -> types(cond));
                } else {
                    types(cond);
                }
            }));
        }
        return tests.stream();
    }

    private static EventTypeSet expected(Map<String, Object> e) {
        List<String> names = e.get("types") == null ? List.of() : Json.strings(e.get("types"));
        switch ((String) e.get("mode")) {
            case "only":
                return EventTypeSet.of(names);
            case "all":
                return EventTypeSet.all();
            case "none":
                return EventTypeSet.none();
            case "all_except":
                return EventTypeSet.of(names).complement();
            default:
                throw new IllegalStateException("mode " + e.get("mode"));
        }
    }

    @Test
    void eventTypeNames_includeEveryTypeUsedByShippedRules() {
        for (String n : List.of("connect", "dup", "dup2", "dup3", "execve", "execveat", "finit_module", "init_module",
                "link", "linkat", "open", "openat", "openat2", "ptrace", "sendmsg", "sendto", "socket", "symlink",
                "symlinkat", "accept", "accept4", "bpf", "chmod", "creat", "fchmod", "fchmodat", "listen", "mkdir",
                "mkdirat", "recvfrom", "recvmsg", "rename", "renameat", "renameat2", "rmdir", "setns", "setuid",
                "unlink", "unlinkat", "unshare", "userfaultfd", "container", "switch", "procexit")) {
            assertTrue(EventTypeNames.isKnown(n), n);
        }
    }
}
