package dev.peregrine.it.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Paths and small readers shared by the deploy tests (Dockerfile, k8s/, Helm chart). */
final class Deploy {
    private Deploy() {
    }

    static Path home() {
        return Path.of(System.getProperty("peregrine.home", "..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return home().resolve("k8s");
    }

    static Path chart() {
        return k8s().resolve("helm/peregrine");
    }

    /** it/target/deploy: scratch space of these tests (jlinked runtime, npm packages, rendered chart). */
    static Path work() throws IOException {
        return Files.createDirectories(home().resolve("it/target/deploy"));
    }

    /** The plain manifests kustomization.yaml lists, in its order. */
    static List<Path> manifests() throws IOException {
        Map<String, Object> k = new Yaml().load(Files.readString(k8s().resolve("kustomization.yaml")));
        List<Path> out = new ArrayList<>();
        for (Object r : (List<?>) k.get("resources")) {
            out.add(k8s().resolve(r.toString()));
        }
        return out;
    }

    /** Every YAML document of the files, in order (empty documents left out). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(List<Path> files) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path f : files) {
            for (Object d : new Yaml().loadAll(Files.readString(f))) {
                if (d != null) {
                    out.add((Map<String, Object>) d);
                }
            }
        }
        return out;
    }

    static List<Map<String, Object>> objectsFromText(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object d : new Yaml().loadAll(yaml)) {
            if (d != null) {
                out.add(cast(d));
            }
        }
        return out;
    }

    static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
            .filter(o -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata.name")))
            .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** A value at a dotted path of maps; null when a step is missing. */
    static Object at(Object o, String path) {
        Object cur = o;
        for (String p : path.split("\\.")) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<?, ?>) cur).get(p);
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    /** The only container of the DaemonSet's pod template. */
    static Map<String, Object> container(Map<String, Object> daemonSet) {
        List<Map<String, Object>> cs = cast(at(daemonSet, "spec.template.spec.containers"));
        Assertions.assertEquals(1, cs.size(), "one container: the agent");
        return cs.get(0);
    }

    /** A tool on PATH, or skip (fail when CI=true: CI must have what the tests need). */
    static Path requireTool(String name, String installHint) {
        for (String dir : Objects.requireNonNullElse(System.getenv("PATH"), "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = name + " not found on PATH (" + installHint + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(msg + ": CI must have it");
        }
        Assumptions.abort(msg + ": skipping");
        return null;
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command to completion (bounded), capturing both streams. */
    static Result run(Path cwd, Map<String, String> env, long timeoutSec, List<String> cmd)
        throws IOException, InterruptedException {
        Path out = Files.createTempFile("deploy-out", ".txt");
        Path err = Files.createTempFile("deploy-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail("timed out after " + timeoutSec + " s: " + String.join(" ", cmd) + "\n"
                    + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
