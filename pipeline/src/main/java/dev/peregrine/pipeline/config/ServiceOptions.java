package dev.peregrine.pipeline.config;

import dev.peregrine.pipeline.plugin.OptionSpec;

import java.util.List;

/** The [SERVICE] keys Peregrine reads, with Fluent Bit's defaults. Unknown service keys are ignored, as there. */
public final class ServiceOptions {
    private ServiceOptions() {
    }

    public static final OptionSpec FLUSH = OptionSpec.dbl("flush", "1", "Seconds between flushes of buffered records");
    public static final OptionSpec GRACE = OptionSpec.dbl("grace", "5", "Seconds to wait for outputs at shutdown");
    public static final OptionSpec DAEMON = OptionSpec.bool("daemon", "off", "Run in the background (ignored)");
    public static final OptionSpec LOG_LEVEL = OptionSpec.str("log_level", "info",
        "off, error, warn, info, debug or trace");
    public static final OptionSpec LOG_FILE = OptionSpec.str("log_file", null, "Write the agent's log to this file");
    public static final OptionSpec PARSERS_FILE = OptionSpec.str("parsers_file", null, "A file of [PARSER] sections")
        .multi();
    public static final OptionSpec PLUGINS_FILE = OptionSpec.str("plugins_file", null, "Ignored (no .so plugins)")
        .multi();
    public static final OptionSpec HTTP_SERVER = OptionSpec.bool("http_server", "off", "Enable the HTTP API");
    public static final OptionSpec HTTP_LISTEN = OptionSpec.str("http_listen", "0.0.0.0", "HTTP API address");
    public static final OptionSpec HTTP_PORT = OptionSpec.integer("http_port", "2020", "HTTP API port");
    public static final OptionSpec HEALTH_CHECK = OptionSpec.bool("health_check", "off", "Enable /api/v1/health");
    public static final OptionSpec HC_ERRORS_COUNT = OptionSpec.integer("hc_errors_count", "5",
        "Output errors within HC_Period that make the agent unhealthy");
    public static final OptionSpec HC_RETRY_FAILURE_COUNT = OptionSpec.integer("hc_retry_failure_count", "5",
        "Failed retries within HC_Period that make the agent unhealthy");
    public static final OptionSpec HC_PERIOD = OptionSpec.integer("hc_period", "60", "Health check window, seconds");
    public static final OptionSpec SCHEDULER_BASE = OptionSpec.integer("scheduler.base", "5",
        "Base of the retry backoff, seconds");
    public static final OptionSpec SCHEDULER_CAP = OptionSpec.integer("scheduler.cap", "2000",
        "Cap of the retry backoff, seconds");
    public static final OptionSpec JSON_ESCAPE_UNICODE = OptionSpec.bool("json.escape_unicode", "true",
        "Write non-ASCII as \\uXXXX in JSON");
    public static final OptionSpec JSON_NAN_TO_NULL = OptionSpec.bool("json.convert_nan_to_null", "false",
        "Write NaN as null in JSON");
    public static final OptionSpec HOT_RELOAD = OptionSpec.bool("hot_reload", "off",
        "Reload the config on SIGHUP or POST /api/v2/reload");
    public static final OptionSpec STORAGE_PATH = OptionSpec.str("storage.path", null,
        "Directory for filesystem buffering");
    public static final OptionSpec STORAGE_SYNC = OptionSpec.str("storage.sync", "normal", "normal or full");
    public static final OptionSpec STORAGE_CHECKSUM = OptionSpec.bool("storage.checksum", "off", "CRC32 on chunks");
    public static final OptionSpec STORAGE_METRICS = OptionSpec.bool("storage.metrics", "on",
        "Storage metrics in the HTTP API");
    public static final OptionSpec STORAGE_BACKLOG_MEM_LIMIT = OptionSpec.size("storage.backlog.mem_limit", "100M",
        "Memory for backlog chunks");
    public static final OptionSpec STORAGE_MAX_CHUNKS_UP = OptionSpec.integer("storage.max_chunks_up", "128",
        "Chunks kept in memory");
    // storage: the remaining storage.* keys of Fluent Bit (read by dev.peregrine.pipeline.storage.StorageOptions).
    public static final OptionSpec STORAGE_BACKLOG_FLUSH_ON_SHUTDOWN = OptionSpec.bool(
        "storage.backlog.flush_on_shutdown", "off", "Deliver backlog chunks before exiting");
    public static final OptionSpec STORAGE_DELETE_IRRECOVERABLE = OptionSpec.bool(
        "storage.delete_irrecoverable_chunks", "off", "Delete unreadable chunk files at start-up");
    public static final OptionSpec STORAGE_KEEP_REJECTED = OptionSpec.bool("storage.keep.rejected", "off",
        "Move unreadable chunk files to storage.rejected.path");
    public static final OptionSpec STORAGE_REJECTED_PATH = OptionSpec.str("storage.rejected.path", "rejected",
        "Where rejected chunk files go (relative to storage.path)");

    public static final List<OptionSpec> ALL = List.of(FLUSH, GRACE, DAEMON, LOG_LEVEL, LOG_FILE, PARSERS_FILE,
        PLUGINS_FILE, HTTP_SERVER, HTTP_LISTEN, HTTP_PORT, HEALTH_CHECK, HC_ERRORS_COUNT, HC_RETRY_FAILURE_COUNT,
        HC_PERIOD, SCHEDULER_BASE, SCHEDULER_CAP, JSON_ESCAPE_UNICODE, JSON_NAN_TO_NULL, HOT_RELOAD, STORAGE_PATH,
        STORAGE_SYNC, STORAGE_CHECKSUM, STORAGE_METRICS, STORAGE_BACKLOG_MEM_LIMIT, STORAGE_MAX_CHUNKS_UP,
        STORAGE_BACKLOG_FLUSH_ON_SHUTDOWN, STORAGE_DELETE_IRRECOVERABLE, STORAGE_KEEP_REJECTED, STORAGE_REJECTED_PATH);
}
