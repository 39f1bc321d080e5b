package dev.peregrine.pipeline.plugin;

import java.util.List;

/** The options the core handles for every instance of a kind (Fluent Bit's flb_input.c / flb_filter.c / ...). */
public final class GenericOptions {
    private GenericOptions() {
    }

    public static final OptionSpec NAME = OptionSpec.str("name", null, "The plugin to use").req();
    public static final OptionSpec ALIAS = OptionSpec.str("alias", null, "A name for this instance in logs and metrics");
    public static final OptionSpec LOG_LEVEL = OptionSpec.str("log_level", null, "Log level for this instance");
    public static final OptionSpec LOG_SUPPRESS_INTERVAL = OptionSpec.time("log_suppress_interval", "0",
        "Suppress repeated log lines within this interval");

    public static final OptionSpec TAG = OptionSpec.str("tag", null, "Tag of the records this input produces");
    public static final OptionSpec MEM_BUF_LIMIT = OptionSpec.size("mem_buf_limit", "0",
        "Pause the input when its buffered records exceed this size (0: no limit)");
    public static final OptionSpec STORAGE_TYPE = OptionSpec.str("storage.type", "memory",
        "Buffering: memory, filesystem or memrb");
    public static final OptionSpec STORAGE_PAUSE_ON_OVERLIMIT = OptionSpec.bool(
        "storage.pause_on_chunks_overlimit", "false", "Pause the input when storage.max_chunks_up is reached");
    public static final OptionSpec THREADED = OptionSpec.bool("threaded", "false",
        "Run the input in its own thread");
    public static final OptionSpec ROUTABLE = OptionSpec.bool("routable", "true", "Whether records are routed");

    public static final OptionSpec MATCH = OptionSpec.str("match", null, "Tag pattern with * wildcards");
    public static final OptionSpec MATCH_REGEX = OptionSpec.str("match_regex", null,
        "Regular expression matched at the start of the tag");

    public static final OptionSpec RETRY_LIMIT = OptionSpec.str("retry_limit", "1",
        "Retries of a failed flush: a number, no_limits/False (unlimited) or no_retries");
    public static final OptionSpec WORKERS = OptionSpec.integer("workers", null, "Flush worker threads");
    public static final OptionSpec STORAGE_TOTAL_LIMIT = OptionSpec.size("storage.total_limit_size", null,
        "Limit of filesystem chunks queued for this output");

    public static final List<OptionSpec> INPUT = List.of(NAME, ALIAS, LOG_LEVEL, LOG_SUPPRESS_INTERVAL, TAG,
        MEM_BUF_LIMIT, STORAGE_TYPE, STORAGE_PAUSE_ON_OVERLIMIT, THREADED, ROUTABLE);
    public static final List<OptionSpec> FILTER = List.of(NAME, ALIAS, LOG_LEVEL, LOG_SUPPRESS_INTERVAL, MATCH,
        MATCH_REGEX);
    public static final List<OptionSpec> OUTPUT = List.of(NAME, ALIAS, LOG_LEVEL, LOG_SUPPRESS_INTERVAL, MATCH,
        MATCH_REGEX, RETRY_LIMIT, WORKERS, STORAGE_TOTAL_LIMIT);

    public static List<OptionSpec> of(PluginKind kind) {
        return switch (kind) {
            case INPUT -> INPUT;
            case FILTER -> FILTER;
            case OUTPUT -> OUTPUT;
        };
    }
}
