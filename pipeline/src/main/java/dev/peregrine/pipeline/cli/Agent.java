package dev.peregrine.pipeline.cli;

import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.ServiceOptions;
import dev.peregrine.pipeline.engine.Engine;
import dev.peregrine.pipeline.engine.PipelineBuilder;
import dev.peregrine.pipeline.engine.PipelineException;
import dev.peregrine.pipeline.http.MonitoringServer;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.log.LogLevel;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import sun.misc.Signal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running agent: one engine at a time (replaced on hot reload), the shared Netty event loops and the HTTP API.
 * SIGTERM/SIGINT stop it gracefully (exit 0, as Fluent Bit); SIGHUP reloads the config when Hot_Reload is on.
 */
public final class Agent {
    private static final Log LOG = Log.of("engine");

    private final PluginRegistry registry;
    private final CommandLine cl;
    private volatile Config config;
    private final CountDownLatch exit = new CountDownLatch(1);
    private volatile Engine engine;
    /** Made on first use ({@link #eventLoops()}), under {@link #eventLoopsLock}. */
    private EventLoopGroup eventLoops;
    private final Object eventLoopsLock = new Object();
    private boolean eventLoopsClosed;
    private MonitoringServer http;
    private volatile boolean hotReload;
    private volatile int reloads;

    Agent(PluginRegistry registry, CommandLine cl, Config config) {
        this.registry = registry;
        this.cl = cl;
        this.config = config;
    }

    public Engine engine() {
        return engine;
    }

    public int reloadCount() {
        return reloads;
    }

    public boolean hotReloadEnabled() {
        return hotReload;
    }

    private void setupLog() {
        Env env = Env.system(config.variables());
        String lvl = config.service().get("log_level");
        LogLevel level = LogLevel.INFO;
        if (lvl != null) {
            LogLevel l = LogLevel.parse(env.expand(lvl));
            if (l != null) {
                level = l;
            }
        } else if (cl.quiet) {
            level = LogLevel.OFF;
        }
        if (cl.verbosity == 1) {
            level = LogLevel.DEBUG;
        } else if (cl.verbosity >= 2) {
            level = LogLevel.TRACE;
        }
        String envLevel = System.getenv("FLB_LOG_LEVEL");
        if (envLevel != null && LogLevel.parse(envLevel) != null) {
            level = LogLevel.parse(envLevel);
        }
        Log.setLevel(level);
        String file = config.service().get("log_file");
        if (file != null) {
            try {
                Log.setFile(env.expand(file));
            } catch (IOException e) {
                LOG.error("cannot open Log_File " + file + ": " + e.getMessage());
            }
        }
    }

    int run() throws PipelineException {
        setupLog();
        try {
            PipelineBuilder builder = new PipelineBuilder(config, registry, this::eventLoops);
            builder.validate();
            if (cl.dryRun) {
                Log.raw("configuration test is successful");
                return 0;
            }
            Options service = builder.service();
            hotReload = service.bool(ServiceOptions.HOT_RELOAD);
            LOG.info("Peregrine v" + Version.PEREGRINE + " (Fluent Bit v" + Version.FLUENT_BIT
                + " compatible), pid=" + ProcessHandle.current().pid());
            Engine e = builder.build(PipelineBuilder.newScheduler());
            engine = e;
            installSignals();
            if (service.bool(ServiceOptions.HTTP_SERVER)) {
                http = new MonitoringServer(this::engine, service, eventLoops(), this);
                try {
                    http.start();
                } catch (Exception ex) {
                    LOG.error("cannot start the HTTP server: " + ex.getMessage());
                    e.shutdown(null);
                    return 1;
                }
            }
            // Watch before starting: an input may ask for shutdown at once (Exit_On_Eof on an empty file).
            watch(e);
            try {
                e.start();
            } catch (Exception ex) {
                LOG.error("could not start the pipeline: " + ex);
                e.shutdown(null);
                return 255;
            }
            exit.await();
            return 0;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (http != null) {
                http.stop();
            }
            EventLoopGroup g;
            synchronized (eventLoopsLock) {
                g = eventLoops;
                eventLoopsClosed = true;
            }
            if (g != null) {
                g.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The agent's network event loops, made when a plugin or the HTTP server first needs them: loading the network
     * stack (netty, its native epoll library) costs a pipeline without network plugins ~0.1 CPU-second at start.
     */
    private EventLoopGroup eventLoops() {
        synchronized (eventLoopsLock) {
            if (eventLoops == null) {
                if (eventLoopsClosed) {
                    // as the shut-down group would: no new (non-daemon) threads once the agent is stopping
                    throw new java.util.concurrent.RejectedExecutionException("event loops shut down");
                }
                eventLoops = Epoll.isAvailable() ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
            }
            return eventLoops;
        }
    }

    /** When an engine stops by itself (Exit_On_Eof), the agent exits unless a reload replaced it. */
    private void watch(Engine e) {
        e.onStopped(() -> {
            if (engine == e) {
                exit.countDown();
            }
        });
    }

    private void installSignals() {
        Signal.handle(new Signal("TERM"), s -> stop("SIGTERM"));
        Signal.handle(new Signal("INT"), s -> stop("SIGINT"));
        try {
            Signal.handle(new Signal("HUP"), s -> {
                if (hotReload) {
                    new Thread(this::reload, "flb-reload").start();
                } else {
                    LOG.info("SIGHUP ignored: Hot_Reload is off");
                }
            });
        } catch (IllegalArgumentException ignored) {
            // no SIGHUP on this platform
        }
    }

    private void stop(String signal) {
        Engine e = engine;
        if (e != null) {
            e.requestShutdown("caught signal (" + signal + ")");
        } else {
            exit.countDown();
        }
    }

    /**
     * Reloads the config file: the new pipeline is validated and built first; if that fails the old one keeps
     * running. Then the old engine is shut down gracefully (its buffered records are flushed) and the new one
     * started. Returns whether the reload happened.
     */
    public synchronized boolean reload() {
        Log rlog = Log.of("reload");
        rlog.info("reloading configuration");
        Config next;
        Engine fresh;
        try {
            next = Main.readConfig(cl);
            PipelineBuilder b = new PipelineBuilder(next, registry, this::eventLoops);
            b.validate();
            fresh = b.build(PipelineBuilder.newScheduler());
        } catch (ConfigException e) {
            for (ConfigError err : e.errors()) {
                rlog.error(err.toString());
            }
            rlog.error("reload failed: the running configuration is kept");
            return false;
        } catch (PipelineException e) {
            for (ConfigError err : e.errors()) {
                rlog.error(err.toString());
            }
            rlog.error("reload failed: the running configuration is kept");
            return false;
        }
        Engine old = engine;
        engine = fresh;
        config = next;
        old.shutdown(null);
        try {
            watch(fresh);
            fresh.start();
        } catch (Exception e) {
            rlog.error("reload failed to start the new pipeline: " + e);
            exit.countDown();
            return false;
        }
        reloads++;
        rlog.info("reload done");
        return true;
    }

    static int report(PipelineException e, boolean dryRun) {
        Main.printErrors(e.errors());
        switch (e.stage()) {
            case STRUCTURE -> {
                Log.of(null).error("configuration file contains errors, aborting.");
                return 1;
            }
            case OPTIONS -> {
                if (dryRun) {
                    Log.of(null).error("configuration file contains errors, aborting.");
                    return 1;
                }
                String bin = System.getProperty("peregrine.binary", "peregrine");
                if (e.helpFlags() != null) {
                    Log.of(null).help("try the command: " + bin + " " + e.helpFlags());
                }
                Log.of("engine").error("plugin initialization failed");
                return 255;
            }
            default -> {
                Log.of("engine").error("plugin initialization failed");
                return 255;
            }
        }
    }
}
