package dev.peregrine.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Starts the real agent (the runnable jar) as a separate process, as a user would with bin/peregrine. */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AgentProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("peregrine.jar", "../dist/target/peregrine.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("runnable jar not found: " + jar.toAbsolutePath()
                + " (build with mvn install)");
        }
        return jar.toAbsolutePath();
    }

    /** The path the agent shows as its binary in help lines (Fluent Bit prints argv[0]). */
    public static final String BINARY = "peregrine";

    public static AgentProcess start(Path cwd, List<String> args, Map<String, String> env, List<String> unset)
        throws IOException {
        return start(cwd, UnaryOperator.identity(), args, env, unset);
    }

    /**
     * Starts the agent's java command line as {@code wrap} turns it into another (e.g. run through capsh as
     * another user).
     */
    public static AgentProcess start(Path cwd, UnaryOperator<List<String>> wrap, List<String> args,
                                     Map<String, String> env, List<String> unset) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-Dperegrine.binary=" + BINARY);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(wrap.apply(cmd)).directory(cwd.toFile());
        Path out = Files.createTempFile("peregrine-out", ".txt");
        Path err = Files.createTempFile("peregrine-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        if (env != null) {
            pb.environment().putAll(env);
        }
        if (unset != null) {
            unset.forEach(pb.environment()::remove);
        }
        return new AgentProcess(pb.start(), out, err);
    }

    public Process process() {
        return process;
    }

    public long stdoutSize() throws IOException {
        return Files.size(stdout);
    }

    public byte[] stdout() throws IOException {
        return Files.readAllBytes(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGTERM, as Kubernetes and the golden cases stop the agent. */
    public void terminate() {
        process.destroy();
    }

    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
