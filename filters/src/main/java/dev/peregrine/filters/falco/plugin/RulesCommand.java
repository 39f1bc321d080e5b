package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.LoadMessage;
import dev.peregrine.pipeline.cli.Subcommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code peregrine rules validate FILE...} (Falco's {@code falco -V}: per file {@code "<file>: Ok"} or
 * {@code "<file>: Invalid"} followed by its errors with {@code file:line:col}; warnings on stderr; exit 1 if any
 * file is invalid) and {@code peregrine rules list FILE...} (the rules, in evaluation order). Files load in the
 * order given into one engine, as Falco loads several {@code -V}/{@code -r} files; a directory contributes its
 * {@code *.yaml}/{@code *.yml} files sorted.
 */
public final class RulesCommand implements Subcommand {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public List<String> usage() {
        return List.of("peregrine rules validate FILE...   check Falco rules files like falco -V",
                "peregrine rules list FILE...       list the rules they define",
                "peregrine rules test -r RULES -e CAPTURE [--json] [--all] [--all-events]   print the alerts "
                    + "the rules raise on a .scap capture");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            PrintStream to = args.length == 0 ? err : out;
            to.println("Usage:");
            usage().forEach(l -> to.println("  " + l));
            return args.length == 0 ? 1 : 0;
        }
        List<String> files = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "validate":
                return files.isEmpty() ? missingFiles(err, "validate") : validate(files, out, err);
            case "list":
                return files.isEmpty() ? missingFiles(err, "list") : list(files, out, err);
            case "test":
                return test(files, out, err);
            default:
                err.println("peregrine rules: unknown command '" + args[0]
                    + "' (expected: validate, list or test)");
                return 1;
        }
    }

    /** {@code test -r RULES [-r RULES...] -e CAPTURE [--json] [--all] [--all-events]}. */
    private static int test(List<String> args, PrintStream out, PrintStream err) {
        List<String> rules = new java.util.ArrayList<>();
        String capture = null;
        boolean json = false;
        boolean all = false;
        boolean allEvents = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-r" -> {
                    if (i + 1 < args.size()) {
                        rules.add(args.get(++i));
                    }
                }
                case "-e" -> {
                    if (i + 1 < args.size()) {
                        capture = args.get(++i);
                    }
                }
                case "--json" -> json = true;
                case "--all" -> all = true;
                case "--all-events" -> allEvents = true;
                default -> {
                    err.println("peregrine rules test: unknown argument '" + args.get(i)
                        + "' (expected: -r RULES... -e CAPTURE [--json] [--all] [--all-events])");
                    return 1;
                }
            }
        }
        if (rules.isEmpty() || capture == null) {
            err.println("peregrine rules test: give rules with -r and a capture with -e");
            return 1;
        }
        RulesFiles.Loaded loaded = load(rules, err);
        if (loaded == null) {
            return 1;
        }
        if (!loaded.successful()) {
            for (java.nio.file.Path f : loaded.files()) {
                err.println(RulesFiles.summary(f, loaded.result(), false));
            }
            return 1;
        }
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            dev.peregrine.filters.falco.extract.CaptureTest.run(java.nio.file.Path.of(capture), loaded.rules(),
                all ? dev.peregrine.filters.falco.rules.MatchMode.ALL
                    : dev.peregrine.filters.falco.rules.MatchMode.FIRST, json, allEvents, host, out);
            return 0;
        } catch (IOException e) {
            err.println("peregrine rules test: " + capture + ": " + e.getMessage());
            return 1;
        }
    }

    private static int missingFiles(PrintStream err, String cmd) {
        err.println("peregrine rules " + cmd + ": no rules file given (expected: FILE...)");
        return 1;
    }

    private static RulesFiles.Loaded load(List<String> paths, PrintStream err) {
        try {
            return RulesFiles.load(RulesFiles.resolve(paths));
        } catch (IOException e) {
            err.println("peregrine rules: " + e.getMessage());
            return null;
        }
    }

    private static int validate(List<String> paths, PrintStream out, PrintStream err) {
        RulesFiles.Loaded loaded = load(paths, err);
        if (loaded == null) {
            return 1;
        }
        StringBuilder summary = new StringBuilder();
        for (Path f : loaded.files()) {
            if (summary.length() > 0) {
                summary.append('\n');
            }
            String withWarnings = RulesFiles.summary(f, loaded.result(), true);
            String errorsOnly = RulesFiles.summary(f, loaded.result(), false);
            summary.append(errorsOnly);
            if (!withWarnings.equals(errorsOnly)) {
                err.println(withWarnings);
            }
        }
        // errors not tied to one of the files (should not happen, but never hide an error)
        for (LoadMessage m : loaded.result().errors()) {
            if (loaded.files().stream().noneMatch(f -> f.toString().equals(m.file()))) {
                summary.append('\n').append(m);
            }
        }
        out.println(summary);
        return loaded.successful() ? 0 : 1;
    }

    private static int list(List<String> paths, PrintStream out, PrintStream err) {
        RulesFiles.Loaded loaded = load(paths, err);
        if (loaded == null) {
            return 1;
        }
        if (!loaded.successful()) {
            for (Path f : loaded.files()) {
                err.println(RulesFiles.summary(f, loaded.result(), false));
            }
            return 1;
        }
        List<CompiledRule> rules = loaded.rules().rules();
        int w = "RULE".length();
        for (CompiledRule r : rules) {
            w = Math.max(w, r.name().length());
        }
        String fmt = "%-" + w + "s  %-13s  %-7s  %-7s  %s%n";
        out.printf(fmt, "RULE", "PRIORITY", "ENABLED", "SOURCE", "TAGS");
        for (CompiledRule r : rules) {
            List<String> tags = r.tags().stream().sorted().toList();
            out.printf(fmt, r.name(), r.priority().display(), r.enabledByDefault() ? "yes" : "no", r.source(),
                    String.join(",", tags));
        }
        out.println(rules.size() + " rules, " + loaded.rules().enabledCount() + " enabled");
        return 0;
    }
}
