package dev.peregrine.filters.falco.extract;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared Falco test data ({@code PEREGRINE_SHARED}, else /work/shared); skips, or fails under CI. */
final class SharedData {
    private SharedData() {
    }

    static Path require(String relative) {
        String env = System.getenv("PEREGRINE_SHARED");
        Path root = Path.of(env != null && !env.isEmpty() ? env : "/work/shared");
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            String msg = "shared test data missing: " + p + " (set PEREGRINE_SHARED to the shared directory)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }
}
