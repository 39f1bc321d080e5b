package dev.peregrine.filters.support;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Locates the shared Fluent Bit reference data: env PEREGRINE_SHARED (set by surefire), else /work/shared. When it
 * is absent the test is skipped, except on CI (CI=true) where that is a failure.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path goldenDir() {
        String env = System.getenv("PEREGRINE_SHARED");
        Path shared = Path.of(env != null && !env.isEmpty() ? env : "/work/shared");
        Path golden = shared.resolve("fluent-bit/golden");
        if (!Files.isDirectory(golden)) {
            golden = Path.of("/work/shared/fluent-bit/golden");
        }
        if (!Files.isDirectory(golden)) {
            String msg = "Fluent Bit golden cases not found under " + shared
                    + "/fluent-bit/golden (set PEREGRINE_SHARED)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return golden;
    }
}
