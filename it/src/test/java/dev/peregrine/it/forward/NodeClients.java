package dev.peregrine.it.forward;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm Forward clients (versions pinned in src/test/node/package.json), installed by the test itself into
 * target/forward-node with {@code npm install} when not there yet.
 */
final class NodeClients {
    private static Path dir;

    private NodeClients() {
    }

    static synchronized Path dir() throws Exception {
        if (dir != null) {
            return dir;
        }
        Path src = Path.of(System.getProperty("peregrine.home", ".."), "it", "src", "test", "node");
        if (!Files.isDirectory(src)) {
            src = Path.of("src", "test", "node");
        }
        Path d = Path.of("target", "forward-node").toAbsolutePath();
        Files.createDirectories(d);
        for (String f : List.of("package.json", "forward-client.js")) {
            Files.copy(src.resolve(f), d.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(d.resolve("node_modules/fluent-logger"))
            || !Files.isDirectory(d.resolve("node_modules/@fluent-org/logger"))) {
            Result r = run(d, 300, "npm", "install", "--no-audit", "--no-fund", "--prefix", d.toString());
            if (r.exit != 0) {
                if (!"true".equals(System.getenv("CI")) && r.output.contains("command not found")) {
                    Assumptions.abort("npm is not installed: " + r.output);
                }
                Assertions.fail("npm install failed:\n" + r.output);
            }
        }
        dir = d;
        return d;
    }

    record Result(int exit, String output) {
    }

    static Result run(Path cwd, long timeoutSec, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-out", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                return new Result(127, cmd[0] + ": command not found (" + e.getMessage() + ")");
            }
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(124, "timed out\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs forward-client.js with a JSON config. */
    static Result send(String json) throws Exception {
        Path d = dir();
        return run(d, 60, "node", d.resolve("forward-client.js").toString(), json);
    }
}
