package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Registers {@code cloudwatch_logs}, and {@code cloudwatch} for FireLens and Go-plugin configs. */
public final class CloudWatchOutputFactory implements OutputFactory {
    @Override
    public String name() {
        return "cloudwatch_logs";
    }

    @Override
    public List<String> aliases() {
        return List.of("cloudwatch");
    }

    @Override
    public String description() {
        return "Send logs to Amazon CloudWatch";
    }

    @Override
    public int defaultWorkers() {
        return 1;
    }

    @Override
    public List<OptionSpec> options() {
        return CloudWatchOptions.SPECS;
    }

    @Override
    public Output create(PluginContext context) throws PluginConfigException {
        CloudWatchOptions o = CloudWatchOptions.from(context.options());
        if (context.options().str(CloudWatchOptions.CREDENTIALS_ENDPOINT) != null) {
            context.log().warn("credentials_endpoint is not supported; use AWS_CONTAINER_CREDENTIALS_FULL_URI");
        }
        ServiceSettings s = context.service() == null ? ServiceSettings.DEFAULTS : context.service();
        JsonEncoder json = new JsonEncoder(s.jsonEscapeUnicode(), s.jsonConvertNanToNull());
        FalcoEmfEncoder emf = o.emf() && o.emfFalcoAlerts()
            ? new FalcoEmfEncoder(o.metricNamespace(), o.metricDimensions()) : null;
        RecordMessageEncoder encoder = new RecordMessageEncoder(json, o.logKey(), emf, context.log());
        CloudWatchService service;
        try {
            service = CloudWatchService.create(o, context.eventLoops(), context.log());
        } catch (RuntimeException e) {
            throw new PluginConfigException("Failed to create the CloudWatch Logs client: " + e.getMessage(), e);
        }
        return new CloudWatchOutput(o, service, encoder, context.log(), context.scheduler(),
            lingerExecutor(context.name()), context.metrics());
    }

    /**
     * Where a lingering batch is sent from: the shared scheduler must only run short tasks, and building and
     * signing a 1 MiB request is not one. One thread, started on first use and gone after a minute idle.
     */
    private static Executor lingerExecutor(String name) {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "cw-linger-" + name);
            t.setDaemon(true);
            return t;
        });
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }
}
