package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.EventTime;
import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserDefinitionsTest {
    private static Section section(String kind, String... kv) {
        Section s = new Section(kind, new Location("parsers.conf", 1));
        for (int i = 0; i < kv.length; i += 2) {
            s.add(kv[i], kv[i + 1], new Location("parsers.conf", i + 2));
        }
        return s;
    }

    private static Value v(MapValue m, String k) {
        Value[] kvs = m.getKeyValueArray();
        for (int i = 0; i < kvs.length; i += 2) {
            if (kvs[i].asStringValue().asString().equals(k)) {
                return kvs[i + 1];
            }
        }
        return null;
    }

    @Test
    void regexParser_castsTypesAndTakesTimeOut() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "access", "format", "regex",
                "regex", "^(?<host>[^ ]+) \\[(?<time>[^\\]]+)\\] (?<code>\\d+) (?<ok>\\w+)$",
                "time_key", "time", "time_format", "%d/%b/%Y:%H:%M:%S %z", "types", "code:integer ok:bool"));
        Parser.Result r = p.parse("10.0.0.1 [01/Jan/2024:00:00:00 +0000] 200 TRUE");
        assertEquals(new EventTime(1704067200, 0), r.time());
        assertEquals("{\"host\":\"10.0.0.1\",\"code\":200,\"ok\":true}", r.body().toJson());
        assertNull(p.parse("garbage"));
    }

    @Test
    void regexParser_timeKeepKeepsTimeField() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "t", "format", "regex",
                "regex", "^(?<time>\\S+) (?<msg>.*)$", "time_format", "%s", "time_keep", "on"));
        Parser.Result r = p.parse("1700000000 hi");
        assertEquals(1700000000, r.time().seconds());
        assertEquals("1700000000", v(r.body(), "time").asStringValue().asString());
    }

    @Test
    void logfmt_bareKeysAreTrueAndValuesStrings() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "l", "format", "logfmt"));
        MapValue m = p.parse("level=info user=\"john doe\" n=5 flag empty= q=\"\" url=http://x/?a=b").body();
        assertEquals("{\"level\":\"info\",\"user\":\"john doe\",\"n\":\"5\",\"flag\":true,\"empty\":true,"
                + "\"q\":\"\",\"url\":\"http://x/?a\",\"b\":true}", m.toJson());
    }

    @Test
    void ltsv_readsTabSeparatedLabels() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "l", "format", "ltsv"));
        assertEquals("{\"host\":\"127.0.0.1\",\"req\":\"GET / HTTP/1.1\"}",
                p.parse("host:127.0.0.1\treq:GET / HTTP/1.1").body().toJson());
    }

    @Test
    void json_rejectsArraysAndKeepsDuplicateKeys() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "j", "format", "json"));
        assertNull(p.parse("[1,2,3]"));
        assertNull(p.parse("not json"));
        assertEquals(4, p.parse("{\"a\":1,\"a\":2}").body().getKeyValueArray().length);
    }

    @Test
    void json_unparsableTimeKeepsFieldAndGivesNoTime() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "j", "format", "json",
                "time_key", "ts", "time_format", "%Y-%m-%d"));
        Parser.Result r = p.parse("{\"ts\":\"nope\",\"a\":1}");
        assertNull(r.time());
        assertTrue(v(r.body(), "ts") != null);
        Parser.Result ok = p.parse("{\"ts\":\"2024-01-01\",\"a\":1}");
        assertEquals(1704067200, ok.time().seconds());
        assertNull(v(ok.body(), "ts"));
    }

    @Test
    void decodeFieldAsJson_replacesEscapedJsonString() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "d", "format", "json",
                "decode_field_as", "json log"));
        MapValue m = p.parse("{\"log\":\"{\\\"x\\\":1}\",\"s\":\"o\"}").body();
        assertEquals(ValueFactory.newInteger(1), v(v(m, "log").asMapValue(), "x"));
    }

    @Test
    void decodeFieldAsEscaped_unescapesString() throws ConfigException {
        Parser p = ParserDefinitions.fromSection(section("parser", "name", "d", "format", "regex",
                "regex", "^(?<log>.*)$", "decode_field_as", "escaped log"));
        assertEquals("a\nb\u00e9", v(p.parse("a\\nb\\u00e9").body(), "log").asStringValue().asString());
    }

    @Test
    void missingFormat_failsWithFluentBitWording() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ParserDefinitions.fromSection(section("parser", "name", "x")));
        assertTrue(e.getMessage().contains("[parser] no parser 'format' found for 'x' in file 'parsers.conf'"));
        ConfigException bad = assertThrows(ConfigException.class, () -> ParserDefinitions.fromSection(
                section("parser", "name", "x", "format", "regex", "regex", "(")));
        assertTrue(bad.getMessage().contains("[parser:x] Invalid regex pattern ("));
    }

    @Test
    void multilineParser_readsClassicRules() throws ConfigException {
        MultilineParserDefinition d = ParserDefinitions.multilineFromSection(section("multiline_parser",
                "name", "multiline-regex-test", "type", "regex", "flush_timeout", "1000",
                "rule", "\"start_state\"   \"/([a-zA-Z]+ \\d+ \\d+\\:\\d+\\:\\d+)(.*)/\"  \"cont\"",
                "rule", "\"cont\"          \"/^\\s+at.*/\"                      \"cont\""));
        assertEquals(MultilineParserDefinition.Type.REGEX, d.type());
        assertEquals(1000, d.flushTimeoutMs());
        assertEquals(2, d.rules().size());
        assertTrue(d.rules().get(0).isStart());
        assertTrue(d.rules().get(1).regex().find("    at com.x.Y(Y.java:1)"));
        assertThrows(ConfigException.class, () -> ParserDefinitions.multilineFromSection(section(
                "multiline_parser", "name", "m", "type", "regex", "rule", "\"start_state\" \"/x/\" \"nowhere\"")));
    }
}
