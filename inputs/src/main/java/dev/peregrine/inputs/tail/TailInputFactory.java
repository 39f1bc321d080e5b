package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.ArrayList;
import java.util.List;

/** The {@code tail} input's options, with Fluent Bit 5.1.1's names and defaults (plugins/in_tail/tail.c). */
public final class TailInputFactory implements InputFactory {
    static final OptionSpec PATH = OptionSpec.clist("path", null,
        "pattern specifying log files or multiple ones through the use of common wildcards");
    static final OptionSpec EXCLUDE_PATH = OptionSpec.clist("exclude_path", null,
        "shell patterns separated by commas to exclude files, e.g. '*.gz,*.zip'");
    static final OptionSpec KEY = OptionSpec.str("key", "log", "key name of an unstructured line");
    static final OptionSpec READ_FROM_HEAD = OptionSpec.bool("read_from_head", "false",
        "read files found at start (without a database offset) from the head, not the tail");
    static final OptionSpec READ_NEW_FROM_HEAD = OptionSpec.bool("read_newly_discovered_files_from_head", "true",
        "read files discovered after start (without a database offset) from the head");
    static final OptionSpec REFRESH_INTERVAL = OptionSpec.str("refresh_interval", "60",
        "interval in seconds to refresh the list of watched files");
    static final OptionSpec WATCHER_INTERVAL = OptionSpec.time("watcher_interval", "2s",
        "interval to check if monitored symbolic link files have been rotated");
    static final OptionSpec PROGRESS_CHECK_INTERVAL = OptionSpec.time("progress_check_interval", "2s",
        "interval to check for pending data in monitored files");
    static final OptionSpec PROGRESS_CHECK_INTERVAL_NSEC = OptionSpec.integer("progress_check_interval_nsec", "0",
        "nanosecond component of the progress check interval");
    static final OptionSpec ROTATE_WAIT = OptionSpec.time("rotate_wait", "5",
        "extra seconds to monitor a file once it is rotated, for pending data");
    static final OptionSpec DOCKER_MODE = OptionSpec.bool("docker_mode", "false",
        "recombine split Docker log lines before passing them to a parser");
    static final OptionSpec DOCKER_MODE_FLUSH = OptionSpec.integer("docker_mode_flush", "4",
        "seconds to wait before flushing unfinished split lines");
    static final OptionSpec DOCKER_MODE_PARSER = OptionSpec.str("docker_mode_parser", null,
        "parser matching the first line of a multiline Docker log");
    static final OptionSpec PATH_KEY = OptionSpec.str("path_key", null,
        "key under which the monitored file name is added");
    static final OptionSpec OFFSET_KEY = OptionSpec.str("offset_key", null,
        "key under which the line's offset in the file is added");
    static final OptionSpec IGNORE_OLDER = OptionSpec.time("ignore_older", "0",
        "ignore files modified longer ago than this (s, m, h, d)");
    static final OptionSpec IGNORE_ACTIVE_OLDER_FILES = OptionSpec.bool("ignore_active_older_files", "false",
        "also stop following files that become older than ignore_older");
    static final OptionSpec BUFFER_CHUNK_SIZE = OptionSpec.size("buffer_chunk_size", "32768",
        "initial buffer size to read files, and the step it grows by");
    static final OptionSpec BUFFER_MAX_SIZE = OptionSpec.size("buffer_max_size", "32768",
        "limit of the buffer per monitored file (the longest line)");
    static final OptionSpec STATIC_BATCH_SIZE = OptionSpec.size("static_batch_size", "50M",
        "bytes to process per iteration for files found at start");
    static final OptionSpec EVENT_BATCH_SIZE = OptionSpec.size("event_batch_size", "50M",
        "bytes to process per iteration for followed files");
    static final OptionSpec SKIP_LONG_LINES = OptionSpec.bool("skip_long_lines", "false",
        "skip lines longer than buffer_max_size instead of stopping to follow the file");
    static final OptionSpec EXIT_ON_EOF = OptionSpec.bool("exit_on_eof", "false",
        "exit when reaching EOF of the monitored files");
    static final OptionSpec SKIP_EMPTY_LINES = OptionSpec.bool("skip_empty_lines", "false", "skip empty lines");
    static final OptionSpec TRUNCATE_LONG_LINES = OptionSpec.bool("truncate_long_lines", "false",
        "truncate overlong lines instead of skipping them");
    static final OptionSpec FILE_CACHE_ADVISE = OptionSpec.bool("file_cache_advise", "true",
        "advise the kernel not to cache file pages (accepted; the JVM cannot call posix_fadvise)");
    static final OptionSpec INOTIFY_WATCHER = OptionSpec.bool("inotify_watcher", "true",
        "accepted for compatibility; files are always watched by polling (see the package documentation)");
    static final OptionSpec WINDOWS_PATH_ENCODING = OptionSpec.str("windows.path_encoding", "ansi",
        "Windows-only path encoding mode");
    static final OptionSpec PARSER = OptionSpec.str("parser", null, "parser for unstructured lines");
    static final OptionSpec TAG_REGEX = OptionSpec.str("tag_regex", null,
        "regex on the file name whose named captures fill <name> placeholders of the Tag");
    static final OptionSpec DB = OptionSpec.str("db", null, "SQLite database keeping files and offsets");
    static final OptionSpec DB_SYNC = OptionSpec.str("db.sync", "normal",
        "database sync: extra, full, normal or off");
    static final OptionSpec DB_LOCKING = OptionSpec.bool("db.locking", "false", "exclusive database locking");
    static final OptionSpec DB_JOURNAL_MODE = OptionSpec.str("db.journal_mode", "WAL", "database journal mode");
    static final OptionSpec DB_COMPARE_FILENAME = OptionSpec.bool("db.compare_filename", "false",
        "match database rows by inode and file name");
    static final OptionSpec MULTILINE = OptionSpec.bool("multiline", "false",
        "old multiline mode with Parser_Firstline and Parser_N");
    static final OptionSpec MULTILINE_FLUSH = OptionSpec.time("multiline_flush", "4",
        "seconds to wait before flushing a pending multiline record (old mode)");
    static final OptionSpec PARSER_FIRSTLINE = OptionSpec.str("parser_firstline", null,
        "parser matching the first line of a multiline message (old mode)");
    static final OptionSpec MULTILINE_PARSER = OptionSpec.clist("multiline.parser", null,
        "multiline parsers: docker, cri, go, java, python, ruby or a [MULTILINE_PARSER]").multi();
    static final OptionSpec UNICODE_ENCODING = OptionSpec.str("unicode.encoding", null,
        "input encoding converted to UTF-8 (not supported)");
    static final OptionSpec GENERIC_ENCODING = OptionSpec.str("generic.encoding", null,
        "input encoding converted to UTF-8");

    /** Parser_1 .. Parser_9: Fluent Bit takes any "parser_" prefix; the option table has no prefixes. */
    static final List<OptionSpec> PARSER_N;

    static {
        List<OptionSpec> l = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            l.add(OptionSpec.str("parser_" + i, null, "extra parser for multiline continuation lines (old mode)"));
        }
        PARSER_N = List.copyOf(l);
    }

    @Override
    public String name() {
        return "tail";
    }

    @Override
    public String description() {
        return "Tail files";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> l = new ArrayList<>(List.of(PATH, EXCLUDE_PATH, KEY, READ_FROM_HEAD, READ_NEW_FROM_HEAD,
            REFRESH_INTERVAL, WATCHER_INTERVAL, PROGRESS_CHECK_INTERVAL, PROGRESS_CHECK_INTERVAL_NSEC, ROTATE_WAIT,
            DOCKER_MODE, DOCKER_MODE_FLUSH, DOCKER_MODE_PARSER, PATH_KEY, OFFSET_KEY, IGNORE_OLDER,
            IGNORE_ACTIVE_OLDER_FILES, BUFFER_CHUNK_SIZE, BUFFER_MAX_SIZE, STATIC_BATCH_SIZE, EVENT_BATCH_SIZE,
            SKIP_LONG_LINES, EXIT_ON_EOF, SKIP_EMPTY_LINES, TRUNCATE_LONG_LINES, FILE_CACHE_ADVISE, INOTIFY_WATCHER,
            WINDOWS_PATH_ENCODING, PARSER, TAG_REGEX, DB, DB_SYNC, DB_LOCKING, DB_JOURNAL_MODE, DB_COMPARE_FILENAME,
            MULTILINE, MULTILINE_FLUSH, PARSER_FIRSTLINE, MULTILINE_PARSER, UNICODE_ENCODING, GENERIC_ENCODING));
        l.addAll(PARSER_N);
        return l;
    }

    @Override
    public Input create(PluginContext ctx) throws PluginConfigException {
        return new TailInput(ctx, TailOptions.from(ctx));
    }
}
