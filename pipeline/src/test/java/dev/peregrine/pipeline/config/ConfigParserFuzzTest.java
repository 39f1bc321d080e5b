package dev.peregrine.pipeline.config;

import dev.peregrine.pipeline.fuzz.ByteMutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Short seeded fuzz of the classic and YAML config readers: only ConfigException may come out. The long-running
 * version is bench's ConfigParserFuzz.
 */
class ConfigParserFuzzTest {
    @TempDir
    Path dir;

    static final List<String> CLASSIC = List.of(
        "[SERVICE]\n    Flush 1\n\n[INPUT]\n    Name dummy\n    Tag a.b\n\n[OUTPUT]\n    Name stdout\n    Match *\n",
        "@SET env=prod\n[INPUT]\n    Name forward\n    Port ${PORT}\n[FILTER]\n    Name grep\n    Regex log ^a\n",
        "[PARSER]\n    Name p\n    Format regex\n    Regex ^(?<a>.*)$\n[MULTILINE_PARSER]\n    name m\n"
            + "    rule \"start_state\" \"/a/\" \"cont\"\n");
    static final List<String> YAML = List.of(
        "service:\n  flush: 1\npipeline:\n  inputs:\n    - name: dummy\n      tag: a\n  outputs:\n"
            + "    - name: stdout\n      match: '*'\n",
        "env:\n  A: b\nparsers:\n  - name: p\n    format: json\npipeline:\n  filters: [{name: grep, regex: [a b]}]\n");
    static final List<String> DICT = List.of("\n", "[", "]", "[INPUT]\n", "@SET ", "@INCLUDE missing.conf\n", "${A}",
        "${", "    ", "\t", "=", "#", ":", "- ", "{", "}", "&a ", "*a", "'", "\"", "|\n", "---\n", "\r\n", "\\");

    @Test
    void seededMutations_onlyConfigErrors() throws Exception {
        Random r = new Random(Long.getLong("fuzz.seed", 7L));
        List<byte[]> dict = DICT.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        long end = System.currentTimeMillis() + Long.getLong("fuzz.millis", 3000L);
        List<String> crashes = new ArrayList<>();
        int inputs = 0;
        while (System.currentTimeMillis() < end) {
            boolean yaml = r.nextBoolean();
            List<String> corpus = yaml ? YAML : CLASSIC;
            byte[] in = corpus.get(r.nextInt(corpus.size())).getBytes(StandardCharsets.UTF_8);
            for (int i = r.nextInt(6); i > 0; i--) {
                in = ByteMutator.mutate(r, in, dict);
            }
            inputs++;
            Path f = dir.resolve(yaml ? "fuzz.yaml" : "fuzz.conf");
            Files.write(f, in);
            try {
                if (yaml) {
                    YamlConfigReader.read(f);
                } else {
                    ClassicConfigReader.read(f);
                }
            } catch (ConfigException e) {
                // documented
            } catch (RuntimeException | Error e) {
                crashes.add(e + " on " + new String(in, StandardCharsets.UTF_8));
            }
        }
        System.out.println("config parser fuzz: " + inputs + " inputs, " + crashes.size() + " crashes");
        assertEquals(List.of(), crashes.subList(0, Math.min(5, crashes.size())));
    }
}
