package dev.peregrine.it;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One golden case recorded from the real Fluent Bit (../shared/fluent-bit/golden/NAME): its config, inputs, expected
 * stdout, exit codes and normalisation rules (case.json; see that folder's README).
 */
public record GoldenCase(Path dir, Map<String, Object> json) {

    public static GoldenCase load(Path dir) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve("case.json"))) {
            Map<String, Object> m = new Yaml().load(r);
            return new GoldenCase(dir, m);
        }
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public boolean invalid() {
        return Boolean.TRUE.equals(json.get("invalid"));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> runs() {
        return (List<Map<String, Object>>) json.get("runs");
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> env() {
        Map<String, Object> e = (Map<String, Object>) json.getOrDefault("env", Map.of());
        Map<String, String> out = new java.util.HashMap<>();
        e.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<String> envUnset() {
        return (List<String>) json.getOrDefault("env_unset", List.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> stop() {
        return (Map<String, Object>) json.getOrDefault("stop", Map.of("mode", "exit", "timeout_sec", 30));
    }

    public int exitCode(Map<String, Object> run) {
        Object v = run.containsKey("exit_code") ? run.get("exit_code") : json.getOrDefault("exit_code", 0);
        return ((Number) v).intValue();
    }

    @SuppressWarnings("unchecked")
    public List<Object> normaliseStdout() {
        Map<String, Object> n = (Map<String, Object>) json.getOrDefault("normalise", Map.of());
        return (List<Object>) n.getOrDefault("stdout", List.of());
    }

    @SuppressWarnings("unchecked")
    public List<String> logErrors(Map<String, Object> run) {
        Object v = run.get("log_errors");
        return v == null ? List.of() : (List<String>) v;
    }

    /** Applies the case's normalisation rules, in order, to bytes (regexes run on ISO-8859-1 text = bytes). */
    @SuppressWarnings("unchecked")
    public static byte[] normalise(byte[] data, List<Object> rules, Path caseDir) {
        String s = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (Object rule : rules) {
            if ("sort_lines".equals(rule)) {
                boolean tail = s.endsWith("\n");
                List<String> lines = new ArrayList<>(List.of((tail ? s.substring(0, s.length() - 1) : s)
                    .split("\n", -1)));
                lines.sort(null);
                s = String.join("\n", lines) + (tail ? "\n" : "");
            } else if ("case_dir".equals(rule)) {
                s = s.replace(caseDir.toString(), "<CASE_DIR>");
            } else if ("binary".equals(rule)) {
                s = s.replace(AgentProcess.BINARY, "<BINARY>");
            } else if (rule instanceof Map<?, ?> m) {
                String re = (String) ((Map<String, Object>) m).get("regex");
                String rep = (String) ((Map<String, Object>) m).get("replace");
                // Python's \1 group references become Java's $1.
                String javaRep = rep.replace("$", "\\$").replaceAll("\\\\(\\d)", "\\$$1");
                s = Pattern.compile(re, Pattern.MULTILINE).matcher(s).replaceAll(javaRep);
            }
        }
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
