package dev.peregrine.pipeline.accessor;

import dev.peregrine.pipeline.parser.RubyRegex;
import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.List;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordAccessorTest {
    private static Value s(String x) {
        return ValueFactory.newString(x);
    }

    private static final MapValue REC = ValueFactory.newMap(
            s("log"), s("first"),
            s("kubernetes"), ValueFactory.newMap(s("labels"), ValueFactory.newMap(s("app"), s("web")),
                    s("it's"), s("quoted")),
            s("items"), ValueFactory.newArray(ValueFactory.newMap(s("name"), s("a"))),
            s("code"), ValueFactory.newInteger(500),
            s("log"), s("second"));

    @Test
    void nestedKeysAndArrayIndexes_resolve() {
        assertEquals(s("web"), RecordAccessor.of("$kubernetes['labels']['app']").get(REC));
        assertEquals(s("a"), RecordAccessor.of("$items[0]['name']").get(REC));
        assertEquals(s("quoted"), RecordAccessor.of("$kubernetes['it''s']").get(REC));
        assertNull(RecordAccessor.of("$items[1]").get(REC));
        assertNull(RecordAccessor.of("$kubernetes['nope']").get(REC));
    }

    @Test
    void duplicateKeys_lastOneWins() {
        assertEquals(s("second"), RecordAccessor.of("$log").get(REC));
    }

    @Test
    void plainName_isTopLevelKey() {
        assertEquals(ValueFactory.newInteger(500), RecordAccessor.of("code").get(REC));
        assertEquals(List.of("labels", "app"), RecordAccessor.of("$kubernetes['labels']['app']").path());
    }

    @Test
    void subscriptsOnScalar_returnTheScalar() {
        assertEquals(s("second"), RecordAccessor.of("$log['x']").get(REC));
    }

    @Test
    void regexMatch_neverMatchesNumbers() {
        assertFalse(RecordAccessor.of("$code").matches(REC, RubyRegex.compile("^5")));
        assertTrue(RecordAccessor.of("$log").matches(REC, RubyRegex.compile("^sec")));
    }

    @Test
    void badPattern_throws() {
        assertThrows(IllegalArgumentException.class, () -> RecordAccessor.of("$kubernetes['labels'"));
        assertThrows(IllegalArgumentException.class, () -> RecordAccessor.of("$[0]"));
    }

    @Test
    void template_rendersTagPartsCapturesAndValues() {
        RecordTemplate t = RecordTemplate.compile("alert.$TAG.$1.$TAG[1].$kubernetes['labels']['app'].$code");
        Matcher m = RubyRegex.compile("^(sec)ond$").matcher("second");
        assertTrue(m.find());
        assertEquals("alert.app.log.sec.log.web.500", t.render("app.log", REC, m));
        assertFalse(t.isStatic());
        assertTrue(RecordTemplate.compile("static.$TAG").isStatic());
    }

    @Test
    void template_missingKeyRendersNothingOrNullWhenStrict() {
        // a key part ends only at . space , or " ("$a-b" is the key "a-b")
        assertEquals("x-", RecordTemplate.compile("x-$missing-y").render("t", REC, null));
        RecordTemplate t = RecordTemplate.compile("x.$missing.y");
        assertEquals("x..y", t.render("t", REC, null));
        assertNull(t.renderStrict("t", REC, null));
        assertEquals("{\"labels\":{\"app\":\"web\"},\"it's\":\"quoted\"}",
                RecordTemplate.compile("$kubernetes").render("t", REC, null));
    }
}
