package dev.peregrine.pipeline.cli;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.YamlConfigReader;
import dev.peregrine.pipeline.engine.PipelineException;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginFactory;
import dev.peregrine.pipeline.plugin.PluginKind;
import dev.peregrine.pipeline.plugin.PluginRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The {@code peregrine} command: Fluent Bit's flags and exit codes. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; returns the exit code (the agent's run returns when it has stopped). */
    public static int run(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            Subcommand sub = Subcommand.find(args[0]);
            if (sub != null) {
                return sub.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            }
        }
        PluginRegistry registry = PluginRegistry.load();
        CommandLine cl = CommandLine.parse(args);
        if (!cl.errors.isEmpty()) {
            for (String e : cl.errors) {
                System.err.println("peregrine: " + e);
            }
            return 1;
        }
        if (cl.version) {
            System.out.println("Peregrine v" + Version.PEREGRINE + " (Fluent Bit v" + Version.FLUENT_BIT
                + " compatible)");
            return 0;
        }
        if (cl.help) {
            if (cl.helpPlugin != null) {
                return pluginHelp(registry, cl.helpKind, cl.helpPlugin);
            }
            usage(registry, System.out);
            return 0;
        }
        Config config;
        try {
            config = readConfig(cl);
        } catch (ConfigException e) {
            printErrors(e.errors());
            Log.of(null).error("configuration file contains errors, aborting.");
            return 1;
        }
        Agent agent = new Agent(registry, cl, config);
        try {
            return agent.run();
        } catch (PipelineException e) {
            return Agent.report(e, cl.dryRun);
        }
    }

    static Config readConfig(CommandLine cl) throws ConfigException {
        Config config;
        if (cl.configFile != null) {
            Path p = Path.of(cl.configFile);
            config = YamlConfigReader.isYaml(p) ? YamlConfigReader.read(p) : ClassicConfigReader.read(p);
        } else {
            config = new Config(null);
        }
        cl.applyTo(config);
        return config;
    }

    static void printErrors(List<ConfigError> errors) {
        Log log = Log.of("config");
        for (ConfigError e : errors) {
            String msg = e.location() != null && e.location().line() > 0
                ? "error in " + e.location() + ": " + e.message() : e.message();
            // Errors found while reading the config are printed whatever the log level (as Fluent Bit).
            if (!Log.enabled(LogLevel.ERROR)) {
                Log.raw("[error] [config] " + msg);
            } else {
                log.error(msg);
            }
        }
    }

    static void usage(PluginRegistry registry, PrintStream out) {
        out.println("Usage: peregrine [OPTION]");
        out.println();
        out.println("Available Options");
        out.println("  -c  --config=FILE\tspecify an optional configuration file");
        out.println("  -D, --dry-run\t\tdry run: validate the configuration and exit");
        out.println("  -f  --flush=SECONDS\tflush timeout in seconds (default: 1)");
        out.println("  -F  --filter=FILTER\tset a filter");
        out.println("  -i, --input=INPUT\tset an input");
        out.println("  -m, --match=MATCH\tset plugin match, same as '-p match=abc'");
        out.println("  -o, --output=OUTPUT\tset an output");
        out.println("  -p, --prop=\"A=B\"\tset plugin configuration property");
        out.println("  -R, --parser=FILE\tspecify a parser configuration file");
        out.println("  -l  --log_file=FILE\twrite log info to a file");
        out.println("  -t  --tag=TAG\t\tset plugin tag, same as '-p tag=abc'");
        out.println("  -H  --http\t\tenable monitoring HTTP server");
        out.println("  -P  --port\t\tset HTTP server TCP port (default: 2020)");
        out.println("  -v, --verbose\t\tincrease logging verbosity (default: info)");
        out.println("  -q, --quiet\t\tquiet mode");
        out.println("  -V, --version\t\tshow version number");
        out.println("  -h, --help\t\tprint this help (with -i/-F/-o NAME: that plugin's options)");
        for (PluginKind k : PluginKind.values()) {
            out.println();
            out.println(switch (k) {
                case INPUT -> "Inputs";
                case FILTER -> "Filters";
                case OUTPUT -> "Outputs";
            });
            for (PluginFactory f : registry.all(k)) {
                out.printf("  %-22s%s%n", f.name(), f.description());
            }
        }
        List<Subcommand> subs = Subcommand.all();
        if (!subs.isEmpty()) {
            out.println();
            out.println("Commands");
            for (Subcommand s : subs) {
                s.usage().forEach(line -> out.println("  " + line));
            }
        }
    }

    static int pluginHelp(PluginRegistry registry, String kind, String name) {
        PluginKind k = PluginKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        PluginFactory f = registry.find(k, name);
        if (f == null) {
            System.err.println("peregrine: no " + kind + " plugin named '" + name + "'");
            return 1;
        }
        PrintStream out = System.out;
        out.println("HELP");
        out.println(f.name() + " " + kind + " plugin: " + f.description());
        out.println();
        out.println("OPTIONS");
        for (OptionSpec s : f.options()) {
            out.printf("%-30s%s%n", s.name(), s.description());
            String type = s.type().name().toLowerCase(java.util.Locale.ROOT)
                + (s.multiple() ? ", multiple" : "") + (s.required() ? ", required" : "");
            out.printf("%-30s> default: %s, type: %s%n", "", s.defaultValue() == null ? "none" : s.defaultValue(),
                type);
            out.println();
        }
        return 0;
    }
}
