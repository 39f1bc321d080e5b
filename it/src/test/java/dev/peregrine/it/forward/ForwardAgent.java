package dev.peregrine.it.forward;

import dev.peregrine.it.AgentProcess;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real agent jar run with a config written by a test, and its stdout (json_lines) read back as records. */
final class ForwardAgent implements AutoCloseable {
    private static final Pattern DATE = Pattern.compile("^\\{\"date\":([0-9.]+)");

    private final AgentProcess process;
    final Path dir;

    /** One printed record: the date exactly as printed, and the body. */
    record Printed(String date, MapValue body) {
        String str(String key) {
            Value v = body.map().get(ValueFactory.newString(key));
            return v == null ? null : v.asStringValue().asString();
        }

        long num(String key) {
            return body.map().get(ValueFactory.newString(key)).asIntegerValue().asLong();
        }
    }

    private ForwardAgent(AgentProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the agent and waits until it logged {@code listeners} "listening on" lines. */
    static ForwardAgent start(String config, int listeners) throws Exception {
        Path dir = Files.createTempDirectory("forward-it-");
        Files.writeString(dir.resolve("agent.conf"), config);
        AgentProcess p = AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of(), List.of());
        ForwardAgent a = new ForwardAgent(p, dir);
        long end = System.currentTimeMillis() + 20_000;
        while (count(a.stderr(), "listening on") < listeners) {
            if (!p.process().isAlive() || System.currentTimeMillis() > end) {
                String err = a.stderr();
                a.close();
                throw new AssertionError("agent did not start listening\n" + err);
            }
            Thread.sleep(50);
        }
        return a;
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    long pid() {
        return process.process().pid();
    }

    String stderr() throws IOException {
        return process.stderr();
    }

    List<Printed> records() throws IOException {
        List<Printed> out = new ArrayList<>();
        for (String line : new String(process.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = DATE.matcher(line);
            if (!m.find()) {
                continue; // a partly written last line
            }
            List<MapValue> l;
            try {
                l = FluentJsonDecoder.decodeRecords(line);
            } catch (RuntimeException e) {
                continue;
            }
            out.add(new Printed(m.group(1), l.get(0)));
        }
        return out;
    }

    /** Waits until at least n records were printed (or the timeout); returns them. */
    List<Printed> awaitRecords(int n, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        List<Printed> r = records();
        while (r.size() < n && System.currentTimeMillis() < end) {
            Thread.sleep(100);
            r = records();
        }
        return r;
    }

    /** SIGTERM and wait: the agent flushes what it buffered before exiting. */
    void stop() throws InterruptedException {
        process.terminate();
        if (!process.waitFor(15_000)) {
            process.process().destroyForcibly();
        }
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
