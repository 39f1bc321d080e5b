package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.rules.LoadMessage;
import dev.peregrine.filters.falco.rules.LoadResult;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves and loads rules files as Falco's {@code rules_files} does: a directory contributes its regular
 * {@code *.yaml}/{@code *.yml} files sorted by path; files load in the order given, later ones appending to or
 * overriding earlier ones.
 */
public final class RulesFiles {
    private RulesFiles() {
    }

    /** Everything loaded: the compiled rule set (null on error) and all messages. */
    public record Loaded(List<Path> files, RuleSet rules, LoadResult result) {
        public boolean successful() {
            return rules != null && result.successful();
        }
    }

    /** Expands directories; a path that does not exist is an error naming it. */
    public static List<Path> resolve(List<String> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String s : paths) {
            Path p = Path.of(s);
            if (Files.isDirectory(p)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(Files::isRegularFile).forEach(files::add);
                }
                files.sort((a, b) -> a.toString().compareTo(b.toString()));
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                        out.add(f);
                    }
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IOException(s + ": no such file or directory");
            }
        }
        return out;
    }

    /** Loads the files in order into one engine and compiles them. */
    public static Loaded load(List<Path> files) throws IOException {
        RuleLoader loader = new RuleLoader();
        for (Path f : files) {
            loader.load(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
        }
        RuleSet rules = loader.compile();
        return new Loaded(List.copyOf(files), rules, loader.result());
    }

    /**
     * Falco's per-file summary ({@code rule_loader::result::as_verbose_string}, without snippets):
     * {@code "<file>: Ok"}, {@code "<file>: Ok, with warnings"} or {@code "<file>: Invalid"}, then the numbered
     * errors and warnings of that file, each as {@code file:line:col: kind 'name': message}.
     */
    public static String summary(Path file, LoadResult result, boolean withWarnings) {
        String name = file.toString();
        List<LoadMessage> errors = result.errors().stream().filter(m -> m.file().equals(name)).toList();
        List<LoadMessage> warnings = result.warnings().stream().filter(m -> m.file().equals(name)).toList();
        StringBuilder sb = new StringBuilder(name).append(": ");
        if (errors.isEmpty()) {
            sb.append("Ok");
            if (!warnings.isEmpty()) {
                sb.append(", with warnings");
            }
        } else {
            sb.append("Invalid");
        }
        if (!errors.isEmpty()) {
            sb.append('\n').append(errors.size()).append(" Errors:");
            errors.forEach(e -> sb.append('\n').append(e));
        }
        if (withWarnings && !warnings.isEmpty()) {
            sb.append('\n').append(warnings.size()).append(" Warnings:");
            warnings.forEach(w -> sb.append('\n').append(w));
        }
        return sb.toString();
    }
}
