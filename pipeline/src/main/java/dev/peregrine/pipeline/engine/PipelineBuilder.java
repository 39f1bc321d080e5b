package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.config.ClassicConfigReader;
import dev.peregrine.pipeline.config.Config;
import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.ConfigException;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.config.ServiceOptions;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.GenericOptions;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.PluginFactory;
import dev.peregrine.pipeline.plugin.PluginKind;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import dev.peregrine.pipeline.plugin.ServiceResolver;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import dev.peregrine.pipeline.storage.ChunkStore;
import dev.peregrine.pipeline.storage.StorageOptions;
import io.netty.channel.EventLoopGroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a {@link Config} into a runnable {@link Engine} in Fluent Bit's stages: structure (every section names a known
 * plugin, parser files exist), options (each section against its plugin's table; every error at once), then plugin
 * creation (which {@code --dry-run} skips, as Fluent Bit's does).
 */
public final class PipelineBuilder {
    private static final Log LOG = Log.of("config");

    private final Config config;
    private final PluginRegistry registry;
    private final java.util.function.Supplier<EventLoopGroup> eventLoops;
    private Options service;
    private ParserRegistry parsers;

    public PipelineBuilder(Config config, PluginRegistry registry, EventLoopGroup eventLoops) {
        this(config, registry, () -> eventLoops);
    }

    /**
     * With the event loops made on first use: the agent creates them only when a plugin asks (forward, the HTTP
     * server, network outputs); a tail or syscall pipeline to stdout or null then never loads the network stack.
     */
    public PipelineBuilder(Config config, PluginRegistry registry,
                           java.util.function.Supplier<EventLoopGroup> eventLoops) {
        this.config = config;
        this.registry = registry;
        this.eventLoops = eventLoops;
    }

    public Env env() {
        return Env.system(config.variables());
    }

    /** The resolved [SERVICE] options (after {@link #validate}). */
    public Options service() {
        return service;
    }

    private record Planned(Section section, PluginFactory factory, Options options, String name) {
    }

    private final List<Planned> planned = new ArrayList<>();

    /** Stages one and two. Throws with every error of the first failing stage. */
    public void validate() throws PipelineException {
        Env env = env();
        List<ConfigError> errors = new ArrayList<>();
        service = ServiceResolver.resolve(config.service(), env, errors);
        loadParserFiles(env, errors);
        if (!errors.isEmpty()) {
            throw new PipelineException(PipelineException.Stage.STRUCTURE, errors);
        }
        List<Planned> found = new ArrayList<>();
        plan(PluginKind.INPUT, config.inputs(), env, errors, found);
        plan(PluginKind.FILTER, config.filters(), env, errors, found);
        plan(PluginKind.OUTPUT, config.outputs(), env, errors, found);
        if (!errors.isEmpty()) {
            throw new PipelineException(PipelineException.Stage.STRUCTURE, errors);
        }
        Map<PluginKind, Map<String, Integer>> counters = new HashMap<>();
        String helpFlags = null;
        for (Planned p : found) {
            int before = errors.size();
            Options o = OptionsResolver.resolve(p.factory, p.section, env, errors);
            if (helpFlags == null && errors.size() > before) {
                String flag = switch (p.factory.kind()) {
                    case INPUT -> "-i";
                    case FILTER -> "-F";
                    case OUTPUT -> "-o";
                };
                helpFlags = flag + " " + p.factory.name() + " -h";
            }
            int n = counters.computeIfAbsent(p.factory.kind(), k -> new HashMap<>())
                .merge(p.factory.name(), 1, Integer::sum) - 1;
            String alias = o.str(GenericOptions.ALIAS);
            String name = alias != null ? alias : p.factory.name() + "." + n;
            planned.add(new Planned(p.section, p.factory, o, name));
        }
        if (!errors.isEmpty()) {
            throw new PipelineException(PipelineException.Stage.OPTIONS, errors, helpFlags);
        }
        parsers = ParserSections.build(config, env, errors);
        if (!errors.isEmpty()) {
            throw new PipelineException(PipelineException.Stage.STRUCTURE, errors);
        }
    }

    private void plan(PluginKind kind, List<Section> sections, Env env, List<ConfigError> errors,
                      List<Planned> out) {
        for (Section s : sections) {
            String name = s.get("name");
            if (name != null) {
                name = env.expand(name);
            }
            if (name == null || name.isEmpty()) {
                errors.add(new ConfigError(s.location(), "section '" + kind.label()
                    + "' is missing the 'name' property"));
                continue;
            }
            PluginFactory f = registry.find(kind, name);
            if (f == null) {
                errors.add(new ConfigError(s.location(), "section '" + name
                    + "' tried to instance a plugin name that doesn't exist"));
                continue;
            }
            out.add(new Planned(s, f, null, null));
        }
    }

    private void loadParserFiles(Env env, List<ConfigError> errors) {
        List<String> files = service.all(ServiceOptions.PARSERS_FILE);
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.exists(p) && !p.isAbsolute() && config.file() != null) {
                Path dir = config.file().toAbsolutePath().getParent();
                if (dir != null) {
                    p = dir.resolve(f);
                }
            }
            if (!Files.exists(p)) {
                errors.add(new ConfigError(service.location(ServiceOptions.PARSERS_FILE),
                    "could not configure service property 'parsers_file': " + p.toAbsolutePath()
                        + ": No such file or directory"));
                continue;
            }
            try {
                ClassicConfigReader.readInto(config, p, true);
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            }
        }
    }

    public ServiceSettings serviceSettings() {
        return new ServiceSettings(service.dbl(ServiceOptions.FLUSH), service.dbl(ServiceOptions.GRACE),
            service.bool(ServiceOptions.JSON_ESCAPE_UNICODE), service.bool(ServiceOptions.JSON_NAN_TO_NULL),
            service.str(ServiceOptions.STORAGE_PATH));
    }

    /** Stage three: creates every plugin instance and wires the engine. */
    public Engine build(ScheduledExecutorService scheduler) throws PipelineException {
        ServiceSettings ss = serviceSettings();
        EngineSettings es = new EngineSettings(ss.flushSeconds(), ss.graceSeconds(),
            service.integer(ServiceOptions.SCHEDULER_BASE).intValue(),
            service.integer(ServiceOptions.SCHEDULER_CAP).intValue());
        Engine engine = new Engine(es, scheduler);
        // storage: storage.path set -> filesystem buffering available to inputs with storage.type filesystem
        StorageOptions storage = StorageOptions.from(service);
        engine.storage(storage);
        List<ConfigError> errors = new ArrayList<>();
        int inputCount = 0;
        int outputCount = 0;
        for (Planned p : planned) {
            if (p.factory.kind() == PluginKind.INPUT) {
                inputCount++;
            } else if (p.factory.kind() == PluginKind.OUTPUT) {
                outputCount++;
            }
        }
        for (Planned p : planned) {
            Log plog = Log.of(p.factory.kind().label() + ":" + p.factory.name() + ":" + p.name);
            InstanceMetrics metrics = metricsFor(p.factory.kind(), p.name);
            PluginContext ctx = context(p, plog, ss, scheduler, metrics);
            try {
                switch (p.factory.kind()) {
                    case INPUT -> {
                        String tag = p.options.str(GenericOptions.TAG);
                        boolean tagSet = tag != null && !tag.isEmpty();
                        InputInstance in = new InputInstance(engine, p.factory, p.name, tagSet ? tag : p.name,
                            tagSet, p.options.size(GenericOptions.MEM_BUF_LIMIT),
                            ((InputFactory) p.factory).create(ctx), metrics);
                        attachStorage(engine, in, p, storage, errors);
                        engine.inputs.add(in);
                    }
                    case FILTER -> {
                        TagMatcher m = matcher(p, errors);
                        if (m == null) {
                            continue;
                        }
                        if (m.isEmpty()) {
                            Log.of("filter").warn("NO match rule for " + p.name + " filter instance, unloading.");
                            continue;
                        }
                        engine.filters.add(new FilterInstance(p.factory, p.name, m,
                            ((FilterFactory) p.factory).create(ctx), metrics));
                    }
                    case OUTPUT -> {
                        TagMatcher m = matcher(p, errors);
                        if (m == null) {
                            continue;
                        }
                        int retryLimit;
                        try {
                            retryLimit = dev.peregrine.pipeline.engine.RetryPolicy.parseLimit(
                                p.options.str(GenericOptions.RETRY_LIMIT));
                        } catch (IllegalArgumentException e) {
                            errors.add(new ConfigError(p.options.location(GenericOptions.RETRY_LIMIT),
                                e.getMessage()));
                            continue;
                        }
                        OutputFactory of = (OutputFactory) p.factory;
                        Long w = p.options.integer(GenericOptions.WORKERS);
                        int workers = w == null ? of.defaultWorkers() : w.intValue();
                        if (m.isEmpty() && !(inputCount == 1 && outputCount == 1)) {
                            Log.of("router").warn("NO match for " + p.name + " output instance");
                        }
                        OutputInstance out = new OutputInstance(p.factory, p.name, m,
                            new RetryPolicy(retryLimit, es.schedulerBase(), es.schedulerCap()), workers,
                            of.create(ctx), metrics);
                        Long limit = p.options.size(GenericOptions.STORAGE_TOTAL_LIMIT); // storage
                        out.totalLimitSize = limit == null ? 0 : limit;
                        engine.outputs.add(out);
                    }
                }
            } catch (PluginConfigException e) {
                errors.add(new ConfigError(p.section.location(), p.factory.kind().label() + ":"
                    + p.factory.name() + ":" + p.name + ": " + e.getMessage()));
            }
        }
        engine.setDefaultRouteAll(inputCount == 1 && outputCount == 1);
        if (!errors.isEmpty()) {
            throw new PipelineException(PipelineException.Stage.INIT, errors);
        }
        return engine;
    }

    /** storage: storage.type of an input: memory, memrb, or filesystem (a chunk directory under storage.path). */
    private static void attachStorage(Engine engine, InputInstance in, Planned p, StorageOptions storage,
                                      List<ConfigError> errors) {
        String type = p.options.str(GenericOptions.STORAGE_TYPE);
        type = type == null ? "memory" : type.toLowerCase(java.util.Locale.ROOT);
        boolean pauseOnChunks = p.options.bool(GenericOptions.STORAGE_PAUSE_ON_OVERLIMIT);
        switch (type) {
            case "memory", "memrb" -> in.storage(type, null, engine.storageMetrics(), false, null);
            case "filesystem" -> {
                if (storage == null) {
                    LOG.warn("input " + p.name + ": storage.type filesystem needs [SERVICE] storage.path; "
                        + "buffering in memory");
                    in.storage("memory", null, engine.storageMetrics(), false, null);
                    return;
                }
                try {
                    in.storage(type, new ChunkStore(storage, p.name, engine.storageMetrics()),
                        engine.storageMetrics(), pauseOnChunks, engine.chunksUp());
                } catch (java.io.IOException e) {
                    errors.add(new ConfigError(p.options.location(GenericOptions.STORAGE_TYPE), "input " + p.name
                        + ": cannot create storage directory " + storage.path().resolve(p.name) + ": " + e));
                }
            }
            default -> errors.add(new ConfigError(p.options.location(GenericOptions.STORAGE_TYPE), "input "
                + p.name + ": unknown storage.type '" + type + "' (expected memory, filesystem or memrb)"));
        }
    }

    private TagMatcher matcher(Planned p, List<ConfigError> errors) {
        try {
            return new TagMatcher(p.options.str(GenericOptions.MATCH), p.options.str(GenericOptions.MATCH_REGEX));
        } catch (PatternSyntaxException e) {
            errors.add(new ConfigError(p.options.location(GenericOptions.MATCH_REGEX), p.name
                + ": invalid Match_Regex: " + e.getDescription()));
            return null;
        }
    }

    private PluginContext context(Planned p, Log plog, ServiceSettings ss, ScheduledExecutorService scheduler,
                                  InstanceMetrics metrics) {
        ParserRegistry pr = parsers;
        return new PluginContext() {
            @Override
            public String name() {
                return p.name;
            }

            @Override
            public Options options() {
                return p.options;
            }

            @Override
            public Log log() {
                return plog;
            }

            @Override
            public ParserRegistry parsers() {
                return pr;
            }

            @Override
            public ServiceSettings service() {
                return ss;
            }

            @Override
            public EventLoopGroup eventLoops() {
                return eventLoops.get();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }

            @Override
            public InstanceMetrics metrics() {
                return metrics;
            }
        };
    }

    /** A scheduler thread named as the engine's. */
    public static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "flb-engine");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Counters with the standard names of a kind, in the order /api/v1/metrics shows them. */
    static InstanceMetrics metricsFor(PluginKind kind, String name) {
        return switch (kind) {
            case INPUT -> new InstanceMetrics(name, "records", "bytes");
            case FILTER -> new InstanceMetrics(name, "drop_records", "add_records", "records", "bytes", "drop_bytes");
            case OUTPUT -> new InstanceMetrics(name, "proc_records", "proc_bytes", "errors", "retries",
                "retries_failed", "dropped_records", "retried_records");
        };
    }
}
