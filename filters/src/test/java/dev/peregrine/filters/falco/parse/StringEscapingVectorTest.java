package dev.peregrine.filters.falco.parse;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs escaping-cases.json; byte strings map one byte to one char (ISO-8859-1). */
class StringEscapingVectorTest {

    @TestFactory
    Stream<DynamicTest> escapingCases_matchLibsinsp() {
        Map<String, Object> v = Json.readObject(SharedData.vectors().resolve("escaping-cases.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Json.objects(v.get("cases"))) {
            String fn = (String) c.get("function");
            String input = bytes(Json.object(c.get("input")));
            tests.add(DynamicTest.dynamicTest(fn + " line " + c.get("line"), () -> {
                if (Boolean.TRUE.equals(c.get("expect_error"))) {
                    assertThrows(IllegalArgumentException.class, () -> apply(fn, input));
                } else {
                    assertEquals(bytes(Json.object(c.get("expected"))), apply(fn, input));
                }
            }));
        }
        return tests.stream();
    }

    private static String apply(String fn, String input) {
        switch (fn) {
            case "escape_str":
                return StringEscaping.escape(input);
            case "unescape_str":
                return StringEscaping.unescape(input);
            case "unescape_str(escape_str(input))":
                return StringEscaping.unescape(StringEscaping.escape(input));
            default:
                throw new IllegalStateException("unknown function " + fn);
        }
    }

    private static String bytes(Map<String, Object> v) {
        byte[] b = HexFormat.of().parseHex((String) v.get("hex"));
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void unescape_backslashSpace_yieldsBackslashForLegacyRules() {
        assertEquals("a\\b", StringEscaping.unescape("\"a\\ b\""));
    }
}
