package dev.peregrine.filters.falco.rules;

import dev.peregrine.filters.falco.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped Falco rules file in shared/falco-rules must load without errors. */
class ShippedRulesLoadTest {

    private static RuleLoader load(String... files) throws IOException {
        RuleLoader loader = new RuleLoader();
        Path dir = SharedData.rules();
        for (String f : files) {
            loader.load(f, Files.readString(dir.resolve(f)));
        }
        RuleSet rs = loader.compile();
        assertTrue(loader.result().successful(), () -> loader.result().errors().toString());
        assertNotNull(rs);
        System.out.println(String.join("+", files) + ": " + rs.rules().size() + " rules, "
                + rs.enabledCount() + " enabled, " + loader.result().warnings().size() + " warnings");
        return loader;
    }

    @Test
    void stableIncubatingSandbox_loadTogetherWithoutErrors() throws IOException {
        RuleLoader l = load("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml");
        RuleSet rs = l.compile();
        assertEquals(93, rs.rules().size());
        assertEquals(81, rs.enabledCount());
    }

    @Test
    void stableRules_load25EnabledRules() throws IOException {
        RuleSet rs = load("falco_rules.yaml").compile();
        assertEquals(25, rs.rules().size());
        assertEquals(25, rs.enabledCount());
    }

    @Test
    void legacyReleases_eachLoadWithoutErrors() throws IOException {
        for (String f : List.of("legacy-falco-rules-1.0.1/falco_rules.yaml", "legacy-falco-0.32.2/falco_rules.yaml",
                "legacy-falco-0.32.2/application_rules.yaml", "legacy-falco-0.32.2/falco_rules.local.yaml",
                "legacy-falco-0.31.1/k8s_audit_rules.yaml", "archive/falco-deprecated_rules.yaml",
                "archive/application_rules.yaml")) {
            load(f);
        }
    }
}
