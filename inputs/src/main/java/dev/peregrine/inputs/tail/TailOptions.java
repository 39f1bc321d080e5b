package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.parser.MultilineParserDefinition;
import dev.peregrine.pipeline.parser.Parser;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static dev.peregrine.inputs.tail.TailInputFactory.*;

/** The validated settings of one tail instance (tail_config.c: flb_tail_config_create). */
final class TailOptions {
    List<String> paths;
    List<Pattern> excludes = new ArrayList<>();
    String key;
    boolean readFromHead;
    boolean readNewFromHead;
    long refreshMillis;
    long rotateWaitMillis;
    long watcherMillis;
    String pathKey;
    String offsetKey;
    long ignoreOlderSeconds;
    boolean ignoreActiveOlderFiles;
    int bufChunkSize;
    int bufMaxSize;
    long staticBatchSize;
    long eventBatchSize;
    boolean skipLongLines;
    boolean truncateLongLines;
    boolean skipEmptyLines;
    boolean exitOnEof;
    /** Inotify_Watcher: wake the reader on directory events (java.nio WatchService, inotify on Linux). */
    boolean inotifyWatcher;
    Parser parser;
    String tag;
    RubyRegex tagRegex;
    boolean dynamicTag;
    String db;
    int dbSync;
    boolean dbLocking;
    String dbJournalMode;
    boolean dbCompareFilename;
    List<MultilineSpec> multilineParsers = new ArrayList<>();
    boolean dockerMode;
    long dockerModeFlushMillis;
    Parser dockerModeParser;
    boolean multiline;
    long multilineFlushMillis;
    /** Multiline_Flush in whole seconds, at least 1 (the old mode's timer works in seconds). */
    int multilineFlushSeconds;
    Parser parserFirstline;
    List<Parser> parserN = new ArrayList<>();

    static TailOptions from(PluginContext ctx) throws PluginConfigException {
        Options o = ctx.options();
        TailOptions t = new TailOptions();
        t.paths = o.list(PATH);
        if (t.paths.isEmpty()) {
            throw new PluginConfigException("no input 'path' was given");
        }
        for (String e : o.list(EXCLUDE_PATH)) {
            t.excludes.add(PathGlob.compileFnmatch(e));
        }
        t.key = o.str(KEY);
        t.readFromHead = o.bool(READ_FROM_HEAD);
        t.readNewFromHead = o.bool(READ_NEW_FROM_HEAD);
        String refresh = o.str(REFRESH_INTERVAL);
        double rs;
        try {
            rs = Double.parseDouble(refresh.trim());
        } catch (NumberFormatException e) {
            throw new PluginConfigException("invalid 'refresh_interval' config value (" + refresh + ")");
        }
        if (rs <= 0) {
            throw new PluginConfigException("invalid 'refresh_interval' config value (" + refresh + ")");
        }
        if (rs <= 0.001) {
            ctx.log().warn("very low refresh_interval (" + refresh + " seconds) might cause high CPU usage");
        }
        t.refreshMillis = Math.max(1, Math.round(rs * 1000));
        double rw = o.seconds(ROTATE_WAIT);
        if (rw <= 0) {
            throw new PluginConfigException("invalid 'rotate_wait' config value");
        }
        t.rotateWaitMillis = Math.round(rw * 1000);
        t.watcherMillis = Math.max(1, Math.round(o.seconds(WATCHER_INTERVAL) * 1000));
        t.pathKey = o.str(PATH_KEY);
        t.offsetKey = o.str(OFFSET_KEY);
        t.ignoreOlderSeconds = Math.round(o.seconds(IGNORE_OLDER));
        t.ignoreActiveOlderFiles = o.bool(IGNORE_ACTIVE_OLDER_FILES);
        long chunk = o.size(BUFFER_CHUNK_SIZE);
        long max = o.size(BUFFER_MAX_SIZE);
        if (chunk > max) {
            throw new PluginConfigException("buffer_max_size must be >= buffer_chunk");
        }
        if (chunk < 2 || max > Integer.MAX_VALUE - 16) {
            throw new PluginConfigException("invalid buffer sizes: buffer_chunk_size " + chunk + ", buffer_max_size "
                + max);
        }
        t.bufChunkSize = (int) chunk;
        t.bufMaxSize = (int) max;
        t.staticBatchSize = o.size(STATIC_BATCH_SIZE);
        t.eventBatchSize = o.size(EVENT_BATCH_SIZE);
        t.skipLongLines = o.bool(SKIP_LONG_LINES);
        t.inotifyWatcher = o.bool(INOTIFY_WATCHER);
        t.truncateLongLines = o.bool(TRUNCATE_LONG_LINES);
        t.skipEmptyLines = o.bool(SKIP_EMPTY_LINES);
        t.exitOnEof = o.bool(EXIT_ON_EOF);
        if (o.str(UNICODE_ENCODING) != null) {
            throw new PluginConfigException("invalid encoding 'unicode.encoding' value (not supported)");
        }
        if (o.str(GENERIC_ENCODING) != null) {
            throw new PluginConfigException("invalid encoding 'generic.encoding' value " + o.str(GENERIC_ENCODING)
                + " (not supported)");
        }
        String parser = o.str(PARSER);
        if (parser != null) {
            t.parser = ctx.parsers().get(parser);
            if (t.parser == null) {
                // Fluent Bit logs this and goes on without a parser
                ctx.log().error("parser '" + parser + "' is not registered");
            }
        }
        t.tag = ctx.options().str(dev.peregrine.pipeline.plugin.GenericOptions.TAG);
        String tagRegex = o.str(TAG_REGEX);
        if (tagRegex != null) {
            try {
                t.tagRegex = RubyRegex.compile(tagRegex);
                t.dynamicTag = true;
            } catch (RuntimeException e) {
                ctx.log().error("invalid 'tag_regex' config value");
            }
        }
        t.db = o.str(DB);
        String sync = o.str(DB_SYNC).toLowerCase(Locale.ROOT);
        t.dbSync = switch (sync) {
            case "extra" -> 3;
            case "full" -> 2;
            case "off" -> 0;
            case "normal" -> 1;
            default -> {
                ctx.log().error("invalid database 'db.sync' value");
                yield 1;
            }
        };
        t.dbLocking = o.bool(DB_LOCKING);
        t.dbJournalMode = o.str(DB_JOURNAL_MODE);
        if (t.dbJournalMode != null && !List.of("DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF")
            .contains(t.dbJournalMode.toUpperCase(Locale.ROOT))) {
            throw new PluginConfigException("invalid db.journal_mode=" + t.dbJournalMode);
        }
        t.dbCompareFilename = o.bool(DB_COMPARE_FILENAME);
        for (Object v : o.all(MULTILINE_PARSER)) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) v;
            for (String name : names) {
                t.multilineParsers.add(multilineSpec(ctx, name));
            }
        }
        t.dockerMode = o.bool(DOCKER_MODE);
        t.dockerModeFlushMillis = Math.max(1, o.integer(DOCKER_MODE_FLUSH)) * 1000;
        String dmp = o.str(DOCKER_MODE_PARSER);
        if (dmp != null) {
            t.dockerModeParser = ctx.parsers().get(dmp);
            if (t.dockerModeParser == null) {
                throw new PluginConfigException("parser '" + dmp + "' is not registered");
            }
        }
        t.multiline = o.bool(MULTILINE);
        t.multilineFlushMillis = Math.max(1, Math.round(o.seconds(MULTILINE_FLUSH) * 1000));
        t.multilineFlushSeconds = (int) Math.max(1, o.seconds(MULTILINE_FLUSH).longValue());
        if (t.multiline) {
            if (t.dockerMode) {
                throw new PluginConfigException("Docker mode cannot be enabled when multiline is enabled");
            }
            String first = o.str(PARSER_FIRSTLINE);
            if (first == null) {
                throw new PluginConfigException("multiline: no parser defined for firstline");
            }
            t.parserFirstline = ctx.parsers().get(first);
            if (t.parserFirstline == null) {
                throw new PluginConfigException("multiline: invalid parser '" + first + "'");
            }
            for (var spec : PARSER_N) {
                String n = o.str(spec);
                if (n != null) {
                    Parser p = ctx.parsers().get(n);
                    if (p == null) {
                        throw new PluginConfigException("multiline: invalid parser '" + n + "'");
                    }
                    t.parserN.add(p);
                }
            }
            if (t.parser != null) {
                t.parser = null;
                ctx.log().warn("on multiline mode 'Parser' is not allowed (parser disabled)");
            }
        }
        return t;
    }

    private static MultilineSpec multilineSpec(PluginContext ctx, String name) throws PluginConfigException {
        Object def = ctx.parsers().multiline(name);
        if (def instanceof MultilineParserDefinition d) {
            Parser p = null;
            if (d.parser() != null) {
                p = ctx.parsers().get(d.parser());
                if (p == null) {
                    throw new PluginConfigException("multiline parser '" + d.name()
                        + "' points to an undefined parser '" + d.parser() + "'");
                }
            }
            try {
                return MultilineSpec.from(d, p);
            } catch (IllegalArgumentException e) {
                throw new PluginConfigException(e.getMessage());
            }
        }
        MultilineSpec b = BuiltinMultilineParsers.get(name);
        if (b == null) {
            throw new PluginConfigException("multiline parser '" + name + "' not registered");
        }
        return b;
    }
}
