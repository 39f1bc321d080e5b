package dev.peregrine.filters.parser;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestOptions;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.parser.ParserDefinitions;
import dev.peregrine.pipeline.parser.ParserRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserFilterTest {
    private final ParserFilterFactory f = new ParserFilterFactory();

    private static ParserRegistry registry() throws Exception {
        ParserRegistry r = new ParserRegistry();
        Section json = new Section("parser", new Location("p.conf", 1));
        json.add("name", "json", null);
        json.add("format", "json", null);
        json.add("time_key", "t", null);
        json.add("time_format", "%s", null);
        r.add(ParserDefinitions.fromSection(json));
        return r;
    }

    @Test
    void parser_reserveData_appendsOriginalKeysAfterParsedOnes() throws Exception {
        var p = f.create(TestPluginContext.of(f, registry(), TestOptions.props("key_name", "log", "parser", "json",
                "reserve_data", "on")));
        var c = Collector.run(p, "t", "{\"log\":\"{\\\"a\\\":1,\\\"t\\\":\\\"1600000000\\\"}\",\"s\":\"x\"}");
        assertEquals(List.of("{\"a\":1,\"s\":\"x\"}"), c.keptJson());
        assertEquals(1600000000, c.kept.get(0).time().seconds());
    }

    @Test
    void parser_timeBefore1970_dropsRecord() throws Exception {
        ParserRegistry r = new ParserRegistry();
        Section s = new Section("parser", new Location("p.conf", 1));
        s.add("name", "j", null);
        s.add("format", "json", null);
        s.add("time_format", "%Y", null);
        r.add(ParserDefinitions.fromSection(s));
        var p = f.create(TestPluginContext.of(f, r, TestOptions.props("key_name", "log", "parser", "j")));
        assertTrue(Collector.run(p, "t", "{\"log\":\"{\\\"time\\\":\\\"1969\\\"}\"}").kept.isEmpty());
    }

    @Test
    void parser_recordAccessorKey_andFailureKeepsRecord() throws Exception {
        var p = f.create(TestPluginContext.of(f, registry(), TestOptions.props("key_name", "$m['inner']",
                "parser", "json")));
        assertEquals(List.of("{\"b\":2}", "{\"m\":{\"inner\":\"nope\"}}"),
                Collector.run(p, "t", "{\"m\":{\"inner\":\"{\\\"b\\\":2}\"}} {\"m\":{\"inner\":\"nope\"}}").keptJson());
    }
}
