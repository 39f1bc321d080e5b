package dev.peregrine.filters.falco.parse;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.filters.falco.ast.AstPrinter;
import dev.peregrine.filters.falco.ast.BinaryCheckExpr;
import dev.peregrine.filters.falco.ast.Expr;
import dev.peregrine.filters.falco.ast.FieldExpr;
import dev.peregrine.filters.falco.ast.TransformerExpr;
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
import static org.junit.jupiter.api.Assertions.fail;

/** Runs libsinsp's parser test vectors (parser-cases.json) against {@link ConditionParser}. */
class ConditionParserVectorTest {

    private static Map<String, Object> vectors() {
        return Json.readObject(SharedData.vectors().resolve("parser-cases.json"));
    }

    @TestFactory
    Stream<DynamicTest> parserCases_acceptAndRejectLikeLibsinsp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(vectors().get("cases"))) {
            String cond = (String) c.get("condition");
            String name = c.get("kind") + " line " + c.get("line") + ": " + cond.replace("\n", "\\n");
            tests.add(DynamicTest.dynamicTest(name, () -> check(c, cond)));
        }
        return tests.stream();
    }

    private static void check(Map<String, Object> c, String cond) {
        boolean accept = (Boolean) c.get("accept");
        if (!accept) {
            ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
                    () -> ConditionParser.parse(cond), () -> "should reject: " + cond);
            if (c.get("error") != null) {
                assertEquals(c.get("error"), e.reason());
            }
            return;
        }
        ConditionParser.Result r = parseOrFail(cond);
        Object endPos = c.get("end_pos");
        if (endPos != null) {
            Map<String, Object> ep = Json.object(endPos);
            assertEquals(((Long) ep.get("idx")).intValue(), r.end().idx());
            assertEquals(((Long) ep.get("line")).intValue(), r.end().line());
            assertEquals(((Long) ep.get("col")).intValue(), r.end().col());
        }
        if (Boolean.TRUE.equals(c.get("whitespace_variants"))) {
            String spaced = " " + cond + " ";
            String newlines = spaced.replace(' ', '\n');
            parseOrFail(spaced);
            parseOrFail(newlines);
            parseOrFail(newlines.replace('\n', '\t'));
        }
    }

    private static ConditionParser.Result parseOrFail(String cond) {
        try {
            return ConditionParser.parseWithEnd(cond);
        } catch (ConditionSyntaxException e) {
            return fail("should accept: " + cond.replace("\n", "\\n") + " but got: " + e.getMessage()
                    + " at " + e.position());
        }
    }

    @Test
    void deeplyNestedParentheses_failWithMaxDepthMessage() {
        String cond = "(".repeat(100_000);
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> ConditionParser.parse(cond));
        assertEquals("exceeded max depth limit of 100", e.reason());
    }

    @TestFactory
    Stream<DynamicTest> otherParseCases_matchStringFormAndPositions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(vectors().get("other_parse_cases"))) {
            String cond = (String) c.get("condition");
            tests.add(DynamicTest.dynamicTest("line " + c.get("line") + ": " + cond.replace("\n", "\\n"), () -> {
                Expr e = ConditionParser.parse(cond);
                if (c.containsKey("as_string")) {
                    assertEquals(c.get("as_string"), AstPrinter.print(e));
                }
                if (Boolean.TRUE.equals(c.get("as_string_roundtrip_stable"))) {
                    String s = AstPrinter.print(e);
                    Expr again = ConditionParser.parse(s);
                    assertEquals(AstShapes.shape(e), AstShapes.shape(again));
                    assertEquals(s, AstPrinter.print(again));
                }
                if (c.containsKey("preorder_positions")) {
                    assertEquals(c.get("preorder_positions"), AstShapes.preorderPositions(e));
                }
                if (c.containsKey("preorder_positions_contains")) {
                    String pp = AstShapes.preorderPositions(e);
                    for (String part : Json.strings(c.get("preorder_positions_contains"))) {
                        assertTrue(pp.contains(part), () -> pp + " should contain " + part);
                    }
                }
                if (c.containsKey("field_arg")) {
                    Expr left = ((BinaryCheckExpr) e).left();
                    String arg = left instanceof FieldExpr f ? f.arg() : ((TransformerExpr) left).arg();
                    assertEquals(c.get("field_arg"), arg);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> equalAstCases_buildExpectedTree() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(vectors().get("equal_ast_cases"))) {
            String cond = (String) c.get("condition");
            tests.add(DynamicTest.dynamicTest("line " + c.get("line") + ": " + cond, () ->
                    assertEquals(c.get("expected_ast"), AstShapes.shape(ConditionParser.parse(cond)))));
        }
        return tests.stream();
    }
}
