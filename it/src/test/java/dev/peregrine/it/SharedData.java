package dev.peregrine.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared (reference data read at test time, never committed). Tests that need it skip with a clear
 * message when it is absent (a user's fresh clone) and fail when CI=true.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String env = System.getenv("PEREGRINE_SHARED");
        Path p = env != null ? Path.of(env) : Path.of(System.getProperty("peregrine.home", "."), "..", "shared");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            String msg = "reference data not found at " + p + " (set PEREGRINE_SHARED)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg + ": CI must have it");
            }
            Assumptions.abort(msg + ": skipping");
        }
        return p;
    }
}
