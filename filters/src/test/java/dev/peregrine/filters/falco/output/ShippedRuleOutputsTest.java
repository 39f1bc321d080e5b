package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.SharedData;
import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every output of the shipped Falco rules compiles and renders; with no field values everything is {@code <NA>}. */
class ShippedRuleOutputsTest {
    private static RuleSet load(String... files) throws IOException {
        RuleLoader l = new RuleLoader();
        for (String f : files) {
            l.load(f, Files.readString(SharedData.rules().resolve(f)));
        }
        RuleSet rs = l.compile();
        assertNotNull(rs, l.result()::toString);
        return rs;
    }

    @Test
    void stableIncubatingSandboxAndLegacyOutputs_compileAndRender() throws IOException {
        for (List<String> set : List.of(
                List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"),
                List.of("legacy-falco-rules-1.0.1/falco_rules.yaml"),
                List.of("legacy-falco-0.32.2/falco_rules.yaml"))) {
            RuleSet rs = load(set.toArray(new String[0]));
            AlertFormatOptions o = AlertFormatOptions.defaults("h").withZone(ZoneOffset.UTC);
            AlertFormatter f = new AlertFormatter(rs, o, FieldRegistry.syscall());
            for (CompiledRule r : rs.rules()) {
                Alert a = f.format(r, new MapFieldSource(), 0L);
                assertTrue(a.output().startsWith("00:00:00.000000000: " + r.priority().display() + " "), a.output());
                assertFalse(a.message().contains("%"), r.name() + ": " + a.message());
                assertTrue(a.message().endsWith("k8s_pod_name=<NA> k8s_ns_name=<NA>"), a.message());
                assertEquals(0L, a.outputFields().get("evt.time"));
            }
        }
    }
}
