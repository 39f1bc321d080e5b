package dev.peregrine.pipeline.plugin;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.ScheduledExecutorService;

/** What the core gives a plugin instance when it is created. */
public interface PluginContext {
    /** The instance name: {@code <plugin>.<n>}, e.g. "dummy.0", or the Alias when one is set. */
    String name();

    /** The validated options of this instance. */
    Options options();

    /** A log whose lines carry this instance, e.g. {@code [input:dummy:dummy.0]}. */
    Log log();

    /** The parsers from Parsers_File and the YAML {@code parsers:} section. */
    ParserRegistry parsers();

    /** The [SERVICE] settings. */
    ServiceSettings service();

    /** Shared Netty event loops for network I/O; never block on them. */
    EventLoopGroup eventLoops();

    /** A shared scheduler for timers (collect intervals, flush timeouts); tasks must be short. */
    ScheduledExecutorService scheduler();

    /** For the HTTP API: metrics of this instance that the plugin adds to (e.g. tail's files_opened). */
    InstanceMetrics metrics();
}
