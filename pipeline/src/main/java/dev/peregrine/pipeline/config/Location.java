package dev.peregrine.pipeline.config;

/** Where a config item came from: a file and a 1-based line (0 when unknown, e.g. a command-line flag). */
public record Location(String file, int line) {
    public static final Location COMMAND_LINE = new Location("<command line>", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
