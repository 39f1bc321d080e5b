package dev.peregrine.syscalls;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Falco regression captures in the shared data ({@code PEREGRINE_SHARED}, else /work/shared). */
public final class SharedCaptures {
    public static final String[] NAMES = {
        "cat_write.scap", "connect_localhost.scap", "empty.scap", "open-multiple-files.scap", "ping_sendto.scap",
        "syscall.scap",
    };

    private SharedCaptures() {
    }

    /** The capture's path; skips the test when the shared data is absent, fails under {@code CI=true}. */
    public static Path capture(String name) {
        String env = System.getenv("PEREGRINE_SHARED");
        Path root = Path.of(env != null && !env.isEmpty() ? env : "/work/shared");
        Path p = root.resolve("falco-tests/falco-0.35.1-regression/trace_files").resolve(name);
        if (!Files.exists(p)) {
            String msg = "shared capture missing: " + p + " (set PEREGRINE_SHARED to the shared directory)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }
}
