package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.filters.falco.fields.FieldInfo;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.fields.FieldType;
import dev.peregrine.filters.falco.parse.ConditionParser;
import dev.peregrine.filters.falco.parse.ConditionSyntaxException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs op-cases.json: evaluation over the libsinsp test fixtures, evaluation over libsinsp's mock fields, and
 * compile accept/reject (with the expected warning counts) for both the real and the mock field factory.
 */
class OpCasesVectorTest {

    private static Map<String, Object> vectors() {
        return Json.readObject(SharedData.vectors().resolve("op-cases.json"));
    }

    @TestFactory
    Stream<DynamicTest> evalCases_matchLibsinspResults() {
        Map<String, Object> v = vectors();
        Map<String, Object> fixtures = Json.object(v.get("fixtures"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(v.get("eval_cases"))) {
            String cond = (String) c.get("condition");
            String fixture = (String) c.get("fixture");
            tests.add(DynamicTest.dynamicTest(fixture + " line " + c.get("line") + ": " + cond, () -> {
                ConditionCompiler compiler = new ConditionCompiler(FieldRegistry.syscall());
                Filter f = compiler.compile(ConditionParser.parse(cond));
                assertEquals(c.get("expected"), f.matches(source(Json.object(fixtures.get(fixture)))));
            }));
        }
        return tests.stream();
    }

    /**
     * libsinsp's mock filter factory ({@code filter_compiler.ut.cpp}): the fields {@code c.true}, {@code c.false},
     * {@code c.buffer} (a byte buffer), {@code c.singlequote} and {@code c.doublequote} on top of the real ones.
     */
    static FieldRegistry mockRegistry() {
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        for (FieldInfo f : FieldRegistry.syscall().all()) {
            fields.put(f.name(), f);
        }
        for (String name : List.of("c.true", "c.false", "c.singlequote", "c.doublequote")) {
            fields.put(name, new FieldInfo(name, FieldType.CHARBUF, Set.of()));
        }
        fields.put("c.buffer", new FieldInfo("c.buffer", FieldType.BYTEBUF, Set.of()));
        return new FieldRegistry(fields);
    }

    /**
     * The mock fields as values (mock_fields in the vectors): a missing value makes every comparison false, as the
     * mock's {@code c.false} and {@code c.buffer} are; {@code c.true} equals the only constant its cases compare
     * with ({@code 1}), and the quote fields equal exactly the string their check accepts. That is the mock's
     * behaviour for {@code =}, the operator of every evaluation case (asserted below).
     */
    static MapFieldSource mockEvent() {
        return new MapFieldSource().put("c.true", "1").put("c.singlequote", "hello 'quoted'")
                .put("c.doublequote", "hello \"quoted\"");
    }

    @TestFactory
    Stream<DynamicTest> mockEvalCases_booleanLogicAndQuotingLikeLibsinsp() {
        List<Map<String, Object>> cases = Json.objects(vectors().get("mock_eval_cases"));
        assertEquals(40, cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String cond = (String) c.get("condition");
            tests.add(DynamicTest.dynamicTest("line " + c.get("line") + ": " + cond, () -> {
                assertTrue(cond.matches("[^<>!~]*"), "the mock values stand for '=' checks only: " + cond);
                ConditionCompiler compiler = new ConditionCompiler(mockRegistry());
                Filter f = compiler.compile(ConditionParser.parse(cond));
                assertEquals(c.get("expected"), f.matches(mockEvent()));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> compileCases_acceptAndRejectLikeLibsinsp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(vectors().get("compile_cases"))) {
            String factory = (String) c.get("factory");
            FieldRegistry registry = switch (factory) {
                case "sinsp" -> FieldRegistry.syscall();
                case "mock" -> mockRegistry();
                default -> throw new AssertionError("unknown factory " + factory);
            };
            String cond = (String) c.get("condition");
            boolean compiles = (Boolean) c.get("compiles");
            tests.add(DynamicTest.dynamicTest(factory + " line " + c.get("line") + ": " + cond, () -> {
                ConditionCompiler compiler = new ConditionCompiler(registry);
                if (compiles) {
                    compiler.compile(ConditionParser.parse(cond));
                    if (c.get("warnings") != null) {
                        assertEquals(((Number) c.get("warnings")).intValue(), compiler.warnings().size(),
                                compiler.warnings().toString());
                    }
                } else {
                    RuntimeException e = assertThrows(RuntimeException.class,
                            () -> compiler.compile(ConditionParser.parse(cond)));
                    if (c.get("error") != null) {
                        assertEquals(c.get("error"), e.getMessage());
                    }
                    if (!(e instanceof CompileException) && !(e instanceof ConditionSyntaxException)) {
                        throw e;
                    }
                }
            }));
        }
        return tests.stream();
    }

    /** Field values of a fixture: the literal ones plus what the engine derives (endpoints, args). */
    static MapFieldSource source(Map<String, Object> fx) {
        MapFieldSource s = new MapFieldSource();
        String type = (String) fx.get("evt.type");
        s.put("evt.type", type).put("syscall.type", type).put("evt.source", "syscall");
        Map<String, Object> known = Json.object(fx.get("known_field_values"));
        for (Map.Entry<String, Object> e : known.entrySet()) {
            Object val = e.getValue();
            if (val instanceof Map<?, ?> m) {
                val = HexFormat.of().parseHex((String) m.get("hex"));
            }
            s.put(e.getKey(), val);
        }
        if (known.containsKey("fd.sip")) {
            Object cip = known.get("fd.cip");
            Object sip = known.get("fd.sip");
            s.put("fd.ip", List.of(cip, sip)).put("fd.net", List.of(cip, sip));
            s.put("fd.lip", sip).put("fd.rip", cip);
            s.put("fd.port", List.of(known.get("fd.cport"), known.get("fd.sport")));
        }
        Map<String, Object> params = Json.object(fx.get("params"));
        if ("getcwd".equals(type)) {
            s.put("evt.arg.res", "-1").put("evt.arg[0]", "-1").put("evt.arg[1]", params.get("path"));
            s.put("evt.args", "res=-1 path=" + params.get("path"));
        }
        if ("PPM_O_RDWR|PPM_O_CREAT".equals(params.get("flags"))) {
            s.put("evt.arg.flags", "O_RDWR|O_CREAT");
        }
        return s;
    }
}
