package dev.peregrine.pipeline.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A {@code peregrine NAME ...} command contributed by a module the core does not depend on (e.g. {@code rules},
 * implemented next to the Falco engine). Found with {@link ServiceLoader}
 * ({@code META-INF/services/dev.peregrine.pipeline.cli.Subcommand}); {@link Main} dispatches to it when the first
 * argument is its name, before any Fluent Bit flag parsing.
 */
public interface Subcommand {
    /** The first command-line word that selects this command, e.g. "rules". */
    String name();

    /** Lines for {@code peregrine -h}, e.g. {@code "peregrine rules validate FILE...   check rule files"}. */
    List<String> usage();

    /** Runs with the arguments after the name; returns the process exit code. */
    int run(String[] args, PrintStream out, PrintStream err);

    default int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** The registered subcommand with this name, or null. */
    static Subcommand find(String name) {
        for (Subcommand s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    static List<Subcommand> all() {
        return ServiceLoader.load(Subcommand.class, Subcommand.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}
