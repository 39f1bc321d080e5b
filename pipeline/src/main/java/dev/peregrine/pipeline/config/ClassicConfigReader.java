package dev.peregrine.pipeline.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Fluent Bit's classic format ({@code fluent-bit.conf}) with its exact rules: sections at column 0, the first
 * indented line of each file fixes the indent, the key ends at the first space (a tab does not separate), no inline
 * comments, {@code @INCLUDE} (with globs, relative to the working directory and then to the main file's directory),
 * {@code @SET} applied globally, and section names matched by prefix, case-insensitively.
 *
 * <p>Errors stop the read at the first one, as in Fluent Bit, and carry {@code file:line}.
 */
public final class ClassicConfigReader {
    private static final String[] KNOWN_SECTIONS = {
        "service", "parser", "multiline_parser", "stream_processor", "plugins", "upstream_servers", "customs",
        "custom", "inputs", "input", "filters", "filter", "outputs", "output"
    };
    private static final int FILE_LIMIT = 1000;

    private final Config config;
    private final Path rootDir;
    private final boolean parsersFile;
    private final Set<Path> read = new HashSet<>();
    private Section current;

    private ClassicConfigReader(Config config, Path rootDir, boolean parsersFile) {
        this.config = config;
        this.rootDir = rootDir;
        this.parsersFile = parsersFile;
    }

    /** Reads a main config file into a new {@link Config}. */
    public static Config read(Path file) throws ConfigException {
        Config config = new Config(file);
        readInto(config, file, false);
        return config;
    }

    /**
     * Reads a file into {@code config}. With {@code parsersFile} set, [PARSER] and [MULTILINE_PARSER] sections are
     * allowed (Parsers_File, {@code -R}); in a main file they are an error.
     */
    public static void readInto(Config config, Path file, boolean parsersFile) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        ClassicConfigReader r = new ClassicConfigReader(config, abs.getParent(), parsersFile);
        r.readFile(file, file.toString());
    }

    private Path resolve(String name) {
        Path p = Path.of(name);
        if (Files.exists(p) || p.isAbsolute() || rootDir == null) {
            return p;
        }
        return rootDir.resolve(name);
    }

    private void readFile(Path path, String display) throws ConfigException {
        if (read.size() >= FILE_LIMIT) {
            throw new ConfigException(new Location(display, 0), "Too many config files. Limit = " + FILE_LIMIT);
        }
        if (!Files.exists(path)) {
            throw new ConfigException(new Location(display, 0), "No such file or directory");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(new Location(display, 0), "cannot read file: " + e.getMessage());
        }
        if (!read.add(real)) {
            throw new ConfigException(new Location(display, 0), "file already included " + display);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(new Location(display, 0), "cannot read file: " + e.getMessage());
        }
        parse(new String(data, StandardCharsets.UTF_8), display);
    }

    private void parse(String text, String file) throws ConfigException {
        String indent = null;
        int lineNo = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int nl = text.indexOf('\n', pos);
            String buf;
            if (nl < 0) {
                buf = text.substring(pos);
                pos = n;
            } else {
                buf = text.substring(pos, nl);
                pos = nl + 1;
                if (buf.endsWith("\r")) {
                    buf = buf.substring(0, buf.length() - 1);
                }
            }
            lineNo++;
            Location at = new Location(file, lineNo);
            int len = buf.length();
            if (len == 0 || buf.charAt(0) == '#') {
                continue;
            }
            if (len > 9 && buf.regionMatches(true, 0, "@INCLUDE ", 0, 9)) {
                include(buf.substring(9), at);
                continue;
            } else if (buf.charAt(0) == '@' && len > 3) {
                meta(buf, at);
                continue;
            }
            if (buf.charAt(0) == '[') {
                int end = buf.indexOf(']');
                if (end > 0) {
                    startSection(buf.substring(1, end), at);
                    continue;
                }
                throw error(at, "bad header definition");
            }
            if (indent == null) {
                // As Fluent Bit: the indent is the first char plus the blanks that follow it.
                int i = 0;
                do {
                    i++;
                } while (i < len && isBlank(buf.charAt(i)));
                indent = buf.substring(0, i);
                if (i == len) {
                    continue;
                }
            }
            int level = checkIndent(buf, indent, at);
            if (level == len || buf.charAt(level) == '#') {
                continue;
            }
            int sp = buf.indexOf(' ', level);
            if (sp < 0) {
                throw error(at, "undefined value - check config is in valid classic format");
            }
            String key = buf.substring(level, sp);
            if (key.startsWith("[")) {
                // [GROUP name] lines (processors): accepted, their keys stay in the section.
                continue;
            }
            String value = buf.substring(sp + 1);
            if (value.isEmpty()) {
                throw error(at, "key has an empty value");
            }
            if (current == null) {
                throw error(at, "could not allocate key value pair");
            }
            current.add(key.trim(), value.strip(), at);
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** Returns the indent length of a key line, or throws on the errors Fluent Bit reports. */
    private int checkIndent(String line, String indent, Location at) throws ConfigException {
        int level = 0;
        while (level < indent.length() && level < line.length() && line.charAt(level) == indent.charAt(level)) {
            level++;
        }
        if (level < indent.length()) {
            if (level < line.length() && isBlank(line.charAt(level))) {
                throw error(at, "invalid indentation level (inconsistent use of tab and space)");
            }
            throw error(at, "invalid indentation level (indentation level is too low)");
        }
        if (level < line.length() && isBlank(line.charAt(level))) {
            int extra = 0;
            int i = level;
            while (i < line.length() && isBlank(line.charAt(i))) {
                i++;
                extra++;
            }
            if (extra == level) {
                return level + extra; // content of a [GROUP] (double indent)
            }
            throw error(at, "invalid indentation level (extra indentation level found)");
        }
        return level;
    }

    private static ConfigException error(Location at, String msg) {
        return new ConfigException(at, msg);
    }

    private void startSection(String name, Location at) throws ConfigException {
        String kind = sectionKind(name);
        if (!parsersFile && (kind.equals("parser") || kind.equals("multiline_parser"))) {
            throw new ConfigException(at, "Sections 'multiline_parser' and 'parser' are not valid in the main "
                + "configuration file. It belongs to the 'parsers_file' configuration files.");
        }
        current = new Section(kind, at);
        config.addSection(current);
        if (kind.equals("service")) {
            // Repeated [SERVICE] sections merge: keep adding to the config's service section.
            current = config.service();
        }
    }

    /** Fluent Bit compares with strncasecmp(name, known, strlen(name)): a name matches a known one by prefix. */
    static String sectionKind(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty()) {
            for (String k : KNOWN_SECTIONS) {
                if (k.startsWith(lower)) {
                    return switch (k) {
                        case "inputs" -> "input";
                        case "filters" -> "filter";
                        case "outputs" -> "output";
                        case "customs" -> "custom";
                        default -> k;
                    };
                }
            }
        }
        return lower;
    }

    private void meta(String line, Location at) {
        if (line.length() > 5 && line.regionMatches(true, 0, "@SET ", 0, 5)) {
            String kv = line.substring(5).trim();
            int eq = kv.indexOf('=');
            if (eq > 0) {
                config.variables().put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        // Other @ lines are kept and ignored by Fluent Bit.
    }

    private void include(String pattern, Location at) throws ConfigException {
        pattern = pattern.trim();
        if (pattern.indexOf('*') >= 0) {
            Path glob = Path.of(pattern);
            if (!glob.isAbsolute() && rootDir != null) {
                glob = rootDir.resolve(pattern);
            }
            Path dir = glob.getParent();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
            List<Path> matches = new ArrayList<>();
            if (dir != null && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        if (m.matches(p.getFileName()) && Files.isRegularFile(p)) {
                            matches.add(p);
                        }
                    }
                } catch (IOException e) {
                    throw new ConfigException(at, "cannot list " + dir + ": " + e.getMessage());
                }
            }
            matches.sort(null);
            for (Path p : matches) {
                readFile(p, p.toString());
            }
            return;
        }
        Path p = resolve(pattern);
        if (!Files.exists(p)) {
            throw new ConfigException(at, "@INCLUDE " + pattern + ": No such file or directory");
        }
        readFile(p, pattern);
    }
}
