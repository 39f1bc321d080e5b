package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.parse.ConditionParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code getopt(ARGV, OPTSTRING)[c]} as libsinsp evaluates it: the cases of libsinsp's
 * {@code filter_transformer.ut.cpp} ({@code multivalue_transformer_getopt}), plus argv taken from event fields.
 */
class GetoptTransformerTest {
    /** (condition, expected) pairs over literal argument lists. */
    private static final Object[][] CASES = {
        {"getopt((\"-n\",\"\"), \"n\") intersects (\"n\")", true},
        {"getopt((\"-t\", \"hello\"), \"t:\") intersects (\"t\", \"hello\")", true},
        {"getopt((\"-nt\", \"hello\"), \"nt:\") intersects (\"n\", \"t\", \"hello\")", true},
        {"getopt((\"-thello\"), \"t:\") intersects (\"t\", \"hello\")", true},
        {"getopt((\"-n\", \"-t\", \"hello\"), \"nt:\") intersects (\"n\", \"t\", \"hello\")", true},
        {"getopt((\"-n\"), \"n\") intersects (\"t\")", false},
        {"getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"n\")", true},
        {"getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"t\")", false},
        {"getopt((\"-x\", \"-n\"), \"n\") intersects (\"?\", \"n\")", true},
        {"getopt((\"-x\", \"-n\"), \"n\") intersects (\"x\")", false},
        {"getopt((\"-l\", \"-p\", \"8080\", \"-e\", \"/bin/sh\"), \"lp:e:\") intersects (\"8080\", \"/bin/sh\")", true},
        {"getopt((\"-lpe\", \"/bin/sh\"), \"lp:e:\") intersects (\"l\",\"p\",\"e\")", true},
        {"getopt((\"-lpe\", \"/bin/sh\"), \"lp:e:\") in (\"l\",\"p\",\"e\")", true},
        {"getopt((\"-lpe\", \"/bin/sh\"), \"lpe:\") intersects (\"/bin/sh\")", true},
        {"getopt((\"-n\", \"-t\"), \"\") intersects (\"n\")", false},
        {"getopt((\"-n\", \"-t\"), \"\") intersects (\"t\")", false},
        {"getopt((\"\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"arg1\", \"arg2\", \"arg3\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"arg1\", \"-n\", \"arg2\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"-\", \"-n\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"-\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"-t\"), \"t:\") intersects (\"\")", true},
        {"getopt((\"-t\"), \"t:\") intersects (\"?\")", false},
        {"getopt((\"-t\"), \"t:\") intersects (\"t\")", false},
        {"getopt((\"-t\"), \":t:\") intersects (\"\")", true},
        {"getopt((\"-t\"), \":t:\") intersects (\":\")", false},
        {"getopt((\"-n\", \"--\", \"--\"), \"n\") intersects (\"n\")", true},
        {"getopt((\"--\", \"-n\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"-nat\", \"hello\"), \"na:t\") intersects (\"n\", \"a\", \"t\")", true},
        {"getopt((\"-nat\", \"hello\"), \"na:t\") intersects (\"hello\")", false},
        {"getopt((\"-abcvalue\"), \"abc:\") intersects (\"value\")", true},
        {"getopt((\"-abc\", \"value\"), \"abc:\") intersects (\"value\")", true},
        {"getopt((\"-t\", \"val1\", \"-t\", \"val2\"), \"t:\") intersects (\"val2\")", true},
        {"getopt((\"-t\", \"-123\"), \"t:\") intersects (\"-123\")", true},
        {"getopt((\"-t\", \"\"), \"t:\") intersects (\"\")", true},
        {"getopt((\"-p\", \"22\", \"-i\", \"keyfile\", \"user@host\"), \"p:i:\") intersects (\"user@host\")", false},
        {"getopt((\"regular_file\", \"-f\", \"another_file\"), \"f:\") intersects (\"f\")", false},
        {"getopt((\"-f\", \"another_file\", \"regular_file\"), \"f:\") intersects (\"regular_file\")", false},
        {"getopt((\"\", \"-n\", \"\"), \"n\") intersects (\"n\")", false},
        {"getopt((\"-@\", \"-+\"), \"@+\") intersects (\"@\", \"+\")", true},
        {"getopt((\"-nx\"), \"n\") intersects (\"?\")", true},
        {"getopt((\"--exec\"), \"e:\") intersects (\"?\")", false},
        {"getopt((\"--exec\"), \"e:\") intersects (\"e\")", false},
        {"getopt((\"--exec\", \"-n\"), \"n\") intersects (\"n\")", true},
        {"getopt((\"-n\", \"file\", \"-t\"), \"nt\") intersects (\"t\")", false},
        {"getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[t] = hello", true},
        {"getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[t] = n", false},
        {"getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[n] = n", true},
        {"getopt((\"-t\", \"v1\", \"-t\", \"v2\"), \"t:\")[t] = v2", true},
        {"getopt((\"-t?\"), \"t:\")[t] = ?", true},
        {"getopt((\"-t:\"), \":t:\")[t] = :", true},
        {"getopt((\"-t\"), \"t:\")[t] != \"\"", false},
        {"getopt((\"-t\"), \"t:\")[t] = \"\"", true},
        {"getopt((\"-t\"), \"t:\")[t] = ?", false},
        {"getopt((\"-n\"), \"nt:\")[t] != \"\"", false},
        {"getopt((\"-t\", \"v1\", \"-t\"), \"t:\")[t] = v1", false},
        {"getopt((\"-t\", \"v1\", \"-t\"), \"t:\")[t] = \"\"", true},
        // a missing selected option is a missing value: every comparison is false, so "not" makes it true
        {"not getopt((\"-n\"), \"nt:\")[t] = x", true},
        {"getopt((\"-n\"), \"nt:\")[t] exists", false},
    };

    private static boolean eval(String condition, FieldSource event) {
        ConditionCompiler compiler = new ConditionCompiler(FieldRegistry.syscall());
        return compiler.compile(ConditionParser.parse(condition)).matches(event);
    }

    @TestFactory
    Stream<DynamicTest> literalArgv_matchesLibsinsp() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest((String) c[0],
                () -> assertEquals(c[1], eval((String) c[0], new MapFieldSource()))));
    }

    @Test
    void argvFromFields_optionValueOfTheCommandLine() {
        // nc -l -p4444 -e /bin/sh, each argument read from a string field of the event (any fields will do)
        MapFieldSource nc = new MapFieldSource().put("proc.aname[1]", "-l").put("proc.aname[2]", "-p4444")
                .put("proc.aname[3]", "-e").put("proc.name", "/bin/sh").put("proc.pname", "le:p:");
        assertTrue(eval("getopt((proc.aname[1], proc.aname[2], proc.aname[3], proc.name), \"lp:e:\")[e] = /bin/sh",
                nc));
        assertTrue(eval("getopt((proc.aname[1], proc.aname[2], proc.aname[3], proc.name), \"lp:e:\")[p] = 4444",
                nc));
        // the optstring may be a field too
        assertTrue(eval("getopt((proc.aname[1], proc.aname[2], proc.aname[3], proc.name), proc.pname)[e] = /bin/sh",
                nc));
        // one missing element makes the whole list missing
        assertFalse(eval("getopt((proc.aname[1], proc.aname[4]), \"l\") intersects (l)", nc));
        assertTrue(eval("not getopt((proc.aname[1], proc.aname[4]), \"l\") intersects (l)", nc));
    }

    @Test
    void badArguments_areRejectedWithLibsinspMessages() {
        ConditionCompiler compiler = new ConditionCompiler(FieldRegistry.syscall());
        for (String[] c : List.of(
                new String[] {"getopt((\"a\")) intersects (\"n\")",
                    "getopt() requires exactly 2 arguments: args list and optstring"},
                new String[] {"getopt((\"a\"), \"n\", \"extra\") intersects (\"n\")",
                    "getopt() requires exactly 2 arguments: args list and optstring"},
                new String[] {"getopt(\"not_a_list\", \"n\") intersects (\"n\")", "getopt() first argument must be a list"},
                new String[] {"getopt(proc.name, \"n\") intersects (\"n\")", "getopt() first argument must be a list"},
                new String[] {"getopt((\"-n\"), (\"n\")) intersects (\"n\")",
                    "getopt() second argument (optstring) must be a single value"},
                new String[] {"getopt((\"-n\"), proc.pid) intersects (\"n\")", "getopt() arguments must be strings"},
                new String[] {"getopt((\"-n\"), \"n\")[\"\"] = n",
                    "getopt() field argument must be a single option character"},
                new String[] {"getopt((\"-n\"), \"n\")[nt] = n",
                    "getopt() field argument must be a single option character"})) {
            CompileException e = assertThrows(CompileException.class,
                    () -> compiler.compile(ConditionParser.parse(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }
}
