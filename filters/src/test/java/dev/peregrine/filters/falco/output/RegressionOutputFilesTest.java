package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The expected outputs of Falco 0.35.1's regression runs {@code stdout_output_strict} (text) and
 * {@code stdout_output_json_strict} (JSON) over {@code cat_write.scap}: every open by {@code cat}. The capture is
 * replaced by one synthetic open event per expected line, at that line's time, with the fields the rule reads; the
 * run's settings are {@code time_format_iso_8601: true}, hostname {@code test-falco-hostname}, and no appended
 * fields (0.35 had no container plugin).
 */
class RegressionOutputFilesTest {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxx");
    private static final AlertFormatOptions FALCO_0_35 = AlertFormatOptions.defaults("test-falco-hostname")
            .withTimeIso8601(true).withZone(ZoneOffset.UTC).withAppendOutput(List.of());

    private static Path regression() {
        return SharedData.root().resolve("falco-tests/falco-0.35.1-regression");
    }

    private static RuleSet rules(String file) throws IOException {
        Path p = regression().resolve("rules").resolve(file);
        RuleLoader l = new RuleLoader().load(file, Files.readString(p));
        RuleSet rs = l.compile();
        assertNotNull(rs, l.result()::toString);
        return rs;
    }

    private static long tsOf(String line) {
        OffsetDateTime t = OffsetDateTime.parse(line.substring(0, line.indexOf(": ")), ISO);
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Runs the rules on a cat open at {@code ts} and renders the single alert. */
    private static Alert alertAt(RuleSet rs, long ts) {
        MapFieldSource open = new MapFieldSource().put("evt.type", "open").put("proc.name", "cat")
                .put("proc.cmdline", "cat /dev/null");
        CompiledRule hit = rs.firstMatch(EventTypeNames.indexOf("open"), open);
        assertNotNull(hit, "open_from_cat must match");
        return new AlertFormatter(rs, FALCO_0_35, FieldRegistry.syscall()).format(hit, open, ts);
    }

    @Test
    void textOutput_matchesSingleRuleWithCatWriteTxt_byteForByte() throws IOException {
        RuleSet rs = rules("single_rule.yaml");
        List<String> expected = Files.readAllLines(regression().resolve("output_files/single_rule_with_cat_write.txt"));
        assertEquals(8, expected.size());
        for (String line : expected) {
            assertEquals(line, alertAt(rs, tsOf(line)).textLine());
        }
    }

    @Test
    void jsonOutput_matchesSingleRuleWithCatWriteJson_byteForByteInFalco035Layout() throws IOException {
        RuleSet rs = rules("single_rule_with_tags.yaml");
        List<String> expected = Files.readAllLines(regression().resolve("output_files/single_rule_with_cat_write.json"));
        assertEquals(8, expected.size());
        for (String line : expected) {
            String time = (String) Json.object(Json.parse(line)).get("output");
            Alert a = alertAt(rs, tsOf(time));
            assertEquals(line, AlertJson.encode(a, FALCO_0_35, AlertJson.Layout.FALCO_0_35));
            // the current layout only moves output_fields into the sorted object: same JSON value
            assertEquals(Json.parse(line), Json.parse(AlertJson.encode(a, FALCO_0_35)));
        }
    }
}
