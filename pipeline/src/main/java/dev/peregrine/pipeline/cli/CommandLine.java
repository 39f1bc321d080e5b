package dev.peregrine.pipeline.cli;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;

import java.util.ArrayList;
import java.util.List;

/**
 * Fluent Bit's command-line flags, so scripts and Helm charts keep working: {@code -c FILE}, {@code -i/-F/-o NAME}
 * with {@code -p key=value}, {@code -m MATCH} and {@code -t TAG} applying to the plugin named just before,
 * {@code -R FILE}, {@code -f SECONDS}, {@code -l FILE}, {@code -v}/{@code -vv}, {@code -q}, {@code -V},
 * {@code -h}, {@code -H}/{@code -P PORT}, {@code --dry-run}.
 */
public final class CommandLine {
    String configFile;
    final List<Section> sections = new ArrayList<>();
    final List<String> parsersFiles = new ArrayList<>();
    String flush;
    String logFile;
    int verbosity;
    boolean quiet;
    boolean version;
    boolean help;
    boolean dryRun;
    boolean httpServer;
    String httpPort;
    String helpKind;
    String helpPlugin;
    final List<String> errors = new ArrayList<>();

    public static CommandLine parse(String[] args) {
        CommandLine c = new CommandLine();
        Section last = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "-c", "--config" -> {
                    c.configFile = need(c, a, next);
                    i++;
                }
                case "-i", "--input", "-F", "--filter", "-o", "--output" -> {
                    String kind = a.startsWith("-i") || a.equals("--input") ? "input"
                        : a.startsWith("-F") || a.equals("--filter") ? "filter" : "output";
                    String name = need(c, a, next);
                    i++;
                    last = new Section(kind, Location.COMMAND_LINE);
                    if (name != null) {
                        last.add("name", name, Location.COMMAND_LINE);
                    }
                    c.sections.add(last);
                }
                case "-p", "--prop" -> {
                    String kv = need(c, a, next);
                    i++;
                    if (last == null) {
                        c.errors.add("-p " + kv + ": no plugin given before it (use -i, -F or -o first)");
                    } else if (kv != null) {
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            c.errors.add("-p " + kv + ": expected key=value");
                        } else {
                            last.add(kv.substring(0, eq).trim(), kv.substring(eq + 1), Location.COMMAND_LINE);
                        }
                    }
                }
                case "-m", "--match" -> {
                    String m = need(c, a, next);
                    i++;
                    if (last == null || last.kind().equals("input")) {
                        c.errors.add("-m " + m + ": give it after a filter (-F) or an output (-o)");
                    } else {
                        last.add("match", m, Location.COMMAND_LINE);
                    }
                }
                case "-t", "--tag" -> {
                    String t = need(c, a, next);
                    i++;
                    if (last == null || !last.kind().equals("input")) {
                        c.errors.add("-t " + t + ": give it after an input (-i)");
                    } else {
                        last.add("tag", t, Location.COMMAND_LINE);
                    }
                }
                case "-R", "--parser" -> {
                    c.parsersFiles.add(need(c, a, next));
                    i++;
                }
                case "-f", "--flush" -> {
                    c.flush = need(c, a, next);
                    i++;
                }
                case "-l", "--log_file" -> {
                    c.logFile = need(c, a, next);
                    i++;
                }
                case "-P", "--port" -> {
                    c.httpPort = need(c, a, next);
                    i++;
                }
                case "-H", "--http" -> c.httpServer = true;
                case "-v", "--verbose" -> c.verbosity++;
                case "-vv" -> c.verbosity += 2;
                case "-q", "--quiet" -> c.quiet = true;
                case "-V", "--version" -> c.version = true;
                case "-h", "--help" -> {
                    c.help = true;
                    if (last != null) {
                        c.helpKind = last.kind();
                        c.helpPlugin = last.get("name");
                    }
                }
                case "-D", "--dry-run" -> c.dryRun = true;
                default -> c.errors.add("unknown option '" + a + "' (try -h)");
            }
        }
        return c;
    }

    private static String need(CommandLine c, String flag, String next) {
        if (next == null) {
            c.errors.add("option " + flag + " needs a value");
        }
        return next;
    }

    /** Adds the flags' sections and service settings to a config read from -c (or an empty one). */
    void applyTo(Config config) {
        for (Section s : sections) {
            config.addSection(s);
        }
        for (String p : parsersFiles) {
            config.service().add("parsers_file", p, Location.COMMAND_LINE);
        }
        if (flush != null) {
            config.service().set("flush", flush, Location.COMMAND_LINE);
        }
        if (logFile != null) {
            config.service().set("log_file", logFile, Location.COMMAND_LINE);
        }
        if (httpServer) {
            config.service().set("http_server", "on", Location.COMMAND_LINE);
        }
        if (httpPort != null) {
            config.service().set("http_port", httpPort, Location.COMMAND_LINE);
        }
    }
}
