package dev.peregrine.bench.fuzz;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.YamlConfigReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fuzzes the classic and YAML config readers: documented error is {@link ConfigException}. */
public final class ConfigParserFuzz {
    private ConfigParserFuzz() {
    }

    public static final List<String> CORPUS = List.of(
        "[SERVICE]\n    Flush 1\n    Log_Level info\n\n[INPUT]\n    Name dummy\n    Tag a.b\n\n[OUTPUT]\n"
            + "    Name stdout\n    Match *\n",
        "@SET env=prod\n[INPUT]\n    Name forward\n    Port ${PORT}\n[FILTER]\n    Name grep\n    Match *\n"
            + "    Regex log ^a\n[OUTPUT]\n    Name null\n    Match_Regex ^x\n",
        "[PARSER]\n    Name p\n    Format regex\n    Regex ^(?<a>.*)$\n[MULTILINE_PARSER]\n    name m\n"
            + "    rule \"start_state\" \"/a/\" \"cont\"\n",
        "[SERVICE]\n    storage.path /tmp/x\n    storage.sync full\n[INPUT]\n    Name dummy\n"
            + "    storage.type filesystem\n");
    public static final List<String> YAML = List.of(
        "service:\n  flush: 1\n  log_level: info\npipeline:\n  inputs:\n    - name: dummy\n      tag: a\n"
            + "  outputs:\n    - name: stdout\n      match: '*'\n",
        "env:\n  A: b\nincludes:\n  - missing.yaml\nparsers:\n  - name: p\n    format: json\npipeline:\n"
            + "  inputs:\n    - name: forward\n      processors:\n        logs:\n          - name: grep\n",
        "pipeline:\n  filters: [{name: grep, match: '*', regex: [log a, log b]}]\n  outputs: []\n");
    public static final List<String> DICTIONARY = List.of("\n", "[", "]", "[INPUT]\n", "[SERVICE]\n", "@SET ",
        "@INCLUDE missing.conf\n", "${A}", "${", "    ", "\t", " ", "Name ", "=", "#", ":", "- ", "  ", "{", "}",
        "&a ", "*a", "!!binary ", "'", "\"", "|\n", ">\n", "---\n", "pipeline:\n", "inputs:\n", "- name: x\n",
        "\r\n", "\u00e9", "\\");

    public static FuzzHarness.Target target() throws java.io.IOException {
        Path dir = Files.createTempDirectory("config-fuzz-");
        Path classic = dir.resolve("fuzz.conf");
        return in -> {
            Files.write(classic, in);
            ClassicConfigReader.read(classic);
        };
    }

    public static FuzzHarness.Target yamlTarget() throws java.io.IOException {
        Path d = Files.createTempDirectory("config-fuzz-yaml-");
        Path yaml = d.resolve("fuzz.yaml");
        return in -> {
            Files.write(yaml, in);
            YamlConfigReader.read(yaml);
        };
    }

    public static void main(String[] args) throws Exception {
        long seed = FuzzHarness.seed(args);
        double secs = FuzzHarness.seconds(args) / 2;
        Mutator classic = new Mutator(seed, CORPUS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
            DICTIONARY);
        long bad = new FuzzHarness("config-classic", target(), t -> t instanceof ConfigException, 2000)
            .run(classic, seed, secs);
        Mutator yaml = new Mutator(seed, YAML.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
            DICTIONARY);
        bad += new FuzzHarness("config-yaml", yamlTarget(), t -> t instanceof ConfigException, 2000)
            .run(yaml, seed, secs);
        System.exit(bad == 0 ? 0 : 1);
    }
}
