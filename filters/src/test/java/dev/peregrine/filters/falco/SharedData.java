package dev.peregrine.filters.falco;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only shared test data (Falco vectors and rule files). Tests that need it are skipped
 * when it is absent on a developer machine, but fail on CI ({@code CI=true}) so the data cannot silently vanish.
 */
public final class SharedData {
    private SharedData() {
    }

    /** Root of the shared directory, or a skipped/failed test if it cannot be found. */
    public static Path root() {
        Path dir = locate();
        if (dir == null) {
            String msg = "shared test data not found (set PEREGRINE_SHARED or provide ../shared next to the repo)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            Assumptions.abort(msg);
        }
        return dir;
    }

    public static Path vectors() {
        return root().resolve("falco-tests/vectors");
    }

    public static Path rules() {
        return root().resolve("falco-rules");
    }

    private static Path locate() {
        String env = System.getenv("PEREGRINE_SHARED");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "falco-tests"))) {
            return Path.of(env);
        }
        // Fallback: ../shared relative to the repository root; tests run with cwd = module dir.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (p.resolve("pom.xml").toFile().exists() && Files.isDirectory(candidate.resolve("falco-tests"))) {
                return candidate;
            }
        }
        return null;
    }
}
