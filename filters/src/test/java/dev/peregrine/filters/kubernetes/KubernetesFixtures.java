package dev.peregrine.filters.kubernetes;

import dev.peregrine.filters.support.TestOptions;
import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.ParserDefinitions;
import dev.peregrine.pipeline.parser.ParserRegistry;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/** Fluent Bit's filter_kubernetes test data (PEREGRINE_SHARED/fluent-bit/kubernetes-fixtures) and how to use it. */
final class KubernetesFixtures {
    private KubernetesFixtures() {
    }

    /** The fixtures directory; skips the test when absent, fails when CI=true. */
    static Path dir() {
        String env = System.getenv("PEREGRINE_SHARED");
        Path shared = Path.of(env != null && !env.isEmpty() ? env : "/work/shared");
        Path d = shared.resolve("fluent-bit/kubernetes-fixtures");
        if (!Files.isDirectory(d)) {
            String msg = "Fluent Bit kubernetes fixtures not found under " + d + " (set PEREGRINE_SHARED)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return d;
    }

    static ParserRegistry parsers(Path parsersConf) {
        try {
            Config c = new Config(parsersConf);
            ClassicConfigReader.readInto(c, parsersConf, true);
            ParserRegistry r = new ParserRegistry();
            for (Section s : c.parsers()) {
                r.add(ParserDefinitions.fromSection(s));
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The records tail (Parser docker, Docker_Mode On) makes of a docker json-file log: each line parsed by the
     * {@code docker} parser, whose Time_Key gives the event time.
     */
    static List<Event> dockerRecords(Path log, Parser docker) throws IOException {
        List<Event> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Parser.Result r = docker.parse(line);
            if (r == null) {
                throw new IllegalStateException("docker parser rejected: " + line);
            }
            out.add(Event.of(r.time(), r.body()));
        }
        return out;
    }

    /** The upstream test's lib output rendering: {@code [<time %.6f>,{record}]}. */
    static String render(Event e) {
        double t = e.time().seconds() + e.time().nanos() / 1e9;
        String json = new String(new JsonEncoder(false, false).toJson(e.body()), StandardCharsets.UTF_8);
        return String.format(Locale.ROOT, "[%.6f,%s]", t, json);
    }

    static KubernetesFilter filter(ParserRegistry parsers, Map<String, String> options) throws Exception {
        List<String> kv = new ArrayList<>();
        options.forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        KubernetesFilterFactory f = new KubernetesFilterFactory();
        var o = TestOptions.of(f.options(), TestOptions.props(kv.toArray(new String[0])));
        return KubernetesFilter.create(KubernetesOptions.from(o, Map.of()), parsers, Log.of("filter:kubernetes"));
    }
}
