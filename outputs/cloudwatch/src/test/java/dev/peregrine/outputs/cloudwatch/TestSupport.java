package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.config.ConfigError;
import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Options from key/value pairs, records, and a scripted CloudWatch Logs client. */
final class TestSupport {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        return t;
    });

    private TestSupport() {
    }

    static Options options(String... kv) {
        Section s = new Section("OUTPUT", new Location("test.conf", 1));
        s.add("name", "cloudwatch_logs", new Location("test.conf", 2));
        for (int i = 0; i < kv.length; i += 2) {
            s.add(kv[i], kv[i + 1], new Location("test.conf", 3 + i));
        }
        List<ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(new CloudWatchOutputFactory(), s, Env.system(java.util.Map.of()), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        return o;
    }

    static CloudWatchOptions cw(String... kv) throws PluginConfigException {
        return CloudWatchOptions.from(options(kv));
    }

    static MapValue json(String json) {
        return FluentJsonDecoder.decodeOne(json).asMapValue();
    }

    static Event event(long millis, String json) {
        return Event.of(EventTime.ofMillis(millis), json(json));
    }

    static Chunk chunk(String tag, List<Event> events) {
        Chunk c = new Chunk(tag, new ArrayList<>(events));
        c.seal();
        return c;
    }

    static RecordMessageEncoder encoder(CloudWatchOptions o) {
        FalcoEmfEncoder emf = o.emf() && o.emfFalcoAlerts()
            ? new FalcoEmfEncoder(o.metricNamespace(), o.metricDimensions()) : null;
        return new RecordMessageEncoder(new JsonEncoder(true, false), o.logKey(), emf, Log.of("test"));
    }

    static CloudWatchOutput output(CloudWatchOptions o, FakeLogs client) {
        CloudWatchService svc = new CloudWatchService(client, o, Log.of("test"), null);
        return new CloudWatchOutput(o, svc, encoder(o), Log.of("test"), SCHEDULER, Runnable::run, null);
    }

    static CloudWatchLogsException error(String code, int status) {
        return (CloudWatchLogsException) CloudWatchLogsException.builder()
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
            .statusCode(status).message(code).build();
    }

    static Value str(String s) {
        return ValueFactory.newString(s);
    }

    /** A CloudWatch Logs client whose answers are scripted; it records every call. */
    static final class FakeLogs implements CloudWatchLogsAsyncClient {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<PutLogEventsRequest> puts = Collections.synchronizedList(new ArrayList<>());
        volatile BiFunction<PutLogEventsRequest, Integer, CompletableFuture<PutLogEventsResponse>> onPut =
            (r, n) -> CompletableFuture.completedFuture(PutLogEventsResponse.builder().build());
        volatile Function<CreateLogStreamRequest, CompletableFuture<CreateLogStreamResponse>> onCreateStream =
            r -> CompletableFuture.completedFuture(CreateLogStreamResponse.builder().build());
        volatile Function<CreateLogGroupRequest, CompletableFuture<CreateLogGroupResponse>> onCreateGroup =
            r -> CompletableFuture.completedFuture(CreateLogGroupResponse.builder().build());
        final List<PutRetentionPolicyRequest> retention = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<PutLogEventsResponse> putLogEvents(PutLogEventsRequest r) {
            calls.add("PutLogEvents " + r.logGroupName() + "/" + r.logStreamName() + " " + r.logEvents().size());
            int n = puts.size();
            puts.add(r);
            return onPut.apply(r, n);
        }

        @Override
        public CompletableFuture<CreateLogStreamResponse> createLogStream(CreateLogStreamRequest r) {
            calls.add("CreateLogStream " + r.logGroupName() + "/" + r.logStreamName());
            return onCreateStream.apply(r);
        }

        @Override
        public CompletableFuture<CreateLogGroupResponse> createLogGroup(CreateLogGroupRequest r) {
            calls.add("CreateLogGroup " + r.logGroupName());
            return onCreateGroup.apply(r);
        }

        @Override
        public CompletableFuture<PutRetentionPolicyResponse> putRetentionPolicy(PutRetentionPolicyRequest r) {
            calls.add("PutRetentionPolicy " + r.logGroupName() + " " + r.retentionInDays());
            retention.add(r);
            return CompletableFuture.completedFuture(PutRetentionPolicyResponse.builder().build());
        }

        @Override
        public String serviceName() {
            return "logs";
        }

        @Override
        public void close() {
        }
    }
}
