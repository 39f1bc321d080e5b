package dev.peregrine.it.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manifest in k8s/ and the chart rendered with its default values validate against the Kubernetes schemas,
 * offline, strictly (unknown fields fail): it/src/test/node/deploy/validate.mjs with the pinned npm packages
 * kubernetes-models and yaml, installed into it/target/deploy/node by {@code npm install --prefix}.
 */
class ManifestSchemaTest {
    private static Path node;
    private static Path dir;

    @BeforeAll
    static void installValidator() throws Exception {
        node = Deploy.requireTool("node", "apt-get install nodejs npm");
        Path npm = Deploy.requireTool("npm", "apt-get install npm");
        Path src = Deploy.home().resolve("it/src/test/node/deploy");
        dir = Files.createDirectories(Deploy.work().resolve("node"));
        boolean changed = false;
        for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Path to = dir.resolve(f);
            changed |= !Files.exists(to) || Files.mismatch(src.resolve(f), to) != -1;
            Files.copy(src.resolve(f), to, StandardCopyOption.REPLACE_EXISTING);
        }
        if (changed || !Files.isDirectory(dir.resolve("node_modules/kubernetes-models"))) {
            Deploy.Result r = Deploy.run(dir, null, 300, List.of(npm.toString(), "install", "--prefix", dir.toString(),
                "--no-audit", "--no-fund", "--loglevel=error"));
            assertEquals(0, r.exit(), "npm install failed:\n" + r.stdout() + r.stderr());
        }
    }

    private static Deploy.Result validate(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), dir.resolve("validate.mjs").toString()));
        files.forEach(f -> cmd.add(f.toString()));
        return Deploy.run(dir, null, 120, cmd);
    }

    @Test
    void k8sManifests_areValid() throws Exception {
        Deploy.Result r = validate(Deploy.manifests());
        System.out.print(r.stdout());
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains(Deploy.manifests().size() + " valid, 0 invalid"), r.stdout());
    }

    @Test
    void helmChartWithDefaultValues_isValid() throws Exception {
        Deploy.Result r = validate(List.of(HelmChartTest.renderDefaults()));
        System.out.print(r.stdout());
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("6 valid, 0 invalid"), r.stdout());
    }

    @Test
    void validator_rejectsUnknownFieldsWrongTypesAndBetaApis() throws Exception {
        Path bad = Path.of(ManifestSchemaTest.class.getResource("/deploy/invalid-manifests.yaml").toURI());
        Deploy.Result r = validate(List.of(bad));
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        for (String expected : List.of(".metadata.labelz: unknown field", ".spec.bogus: unknown field",
            "containers[0].imagePullPolcy: unknown field", "capabilities.dorp: unknown field",
            "fieldRef.extra: unknown field", "limits/memory must match format \"quantity\"", "hostPath.typo: unknown field",
            "rbac.authorization.k8s.io/v1beta1 is not a GA API version", "0 valid, 2 invalid")) {
            assertTrue(r.stdout().contains(expected), "expected '" + expected + "' in:\n" + r.stdout());
        }
    }
}
