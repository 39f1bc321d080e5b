package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.outputs.cloudwatch.TestSupport.FakeLogs;
import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidSequenceTokenException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.outputs.cloudwatch.TestSupport.chunk;
import static dev.peregrine.outputs.cloudwatch.TestSupport.cw;
import static dev.peregrine.outputs.cloudwatch.TestSupport.error;
import static dev.peregrine.outputs.cloudwatch.TestSupport.event;
import static dev.peregrine.outputs.cloudwatch.TestSupport.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudWatchOutputTest {
    private static final String[] BASE = {"region", "us-east-1", "log_group_name", "g",
        "log_stream_template", "$stream", "log_stream_name", "fallback", "batch_linger", "0"};

    private static String[] with(String... more) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < BASE.length; i += 2) {
            m.put(BASE[i], BASE[i + 1]);
        }
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        m.values().removeIf(String::isEmpty);
        List<String> kv = new ArrayList<>();
        m.forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        return kv.toArray(new String[0]);
    }

    private static FlushResult flush(CloudWatchOutput out, Chunk c) throws Exception {
        return out.flush(c).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Chunk twoStreams(int perStream) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < perStream; i++) {
            events.add(event(1_700_000_000_000L + i, "{\"stream\":\"a\",\"n\":" + i + "}"));
            events.add(event(1_700_000_000_000L + i, "{\"stream\":\"b\",\"n\":" + i + "}"));
        }
        return chunk("app", events);
    }

    private static List<String> messages(List<PutLogEventsRequest> puts, String stream) {
        List<String> out = new ArrayList<>();
        for (PutLogEventsRequest r : puts) {
            if (r.logStreamName().equals(stream)) {
                r.logEvents().forEach(e -> out.add(e.message()));
            }
        }
        return out;
    }

    @Test
    void throttledStreamIsRetriedAloneAndNothingIsSentTwice() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> r.logStreamName().equals("b") && n < 2
            ? CompletableFuture.failedFuture(error("ThrottlingException", 400))
            : CompletableFuture.completedFuture(PutLogEventsResponse.builder().build());
        CloudWatchOutput out = output(cw(BASE), fake);
        Chunk c = twoStreams(3);
        assertEquals(FlushResult.RETRY, flush(out, c));
        assertEquals(3, messages(fake.puts, "a").size());
        assertEquals(1, out.chunksInProgress());
        assertEquals(FlushResult.OK, flush(out, c));
        assertEquals(3, messages(fake.puts, "a").size(), "stream a is not sent again");
        assertEquals(List.of("{\"stream\":\"b\",\"n\":0}", "{\"stream\":\"b\",\"n\":1}", "{\"stream\":\"b\",\"n\":2}"),
            messages(fake.puts.subList(2, fake.puts.size()), "b"));
        assertEquals(0, out.chunksInProgress());
    }

    @Test
    void invalidParameterDropsThatBatchOnly() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> r.logStreamName().equals("b")
            ? CompletableFuture.failedFuture(error("InvalidParameterException", 400))
            : CompletableFuture.completedFuture(PutLogEventsResponse.builder().build());
        CloudWatchOutput out = output(cw(BASE), fake);
        assertEquals(FlushResult.OK, flush(out, twoStreams(2)));
        assertEquals(2, messages(fake.puts, "a").size());

        FakeLogs all = new FakeLogs();
        all.onPut = (r, n) -> CompletableFuture.failedFuture(error("InvalidParameterException", 400));
        assertEquals(FlushResult.ERROR, flush(output(cw(BASE), all), twoStreams(2)));
    }

    @Test
    void serverErrorsAndConnectionErrorsAreRetried() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> CompletableFuture.failedFuture(error("ServiceUnavailableException", 503));
        assertEquals(FlushResult.RETRY, flush(output(cw(BASE), fake), twoStreams(1)));
        FakeLogs conn = new FakeLogs();
        conn.onPut = (r, n) -> CompletableFuture.failedFuture(
            software.amazon.awssdk.core.exception.SdkClientException.create("refused",
                new java.net.ConnectException("refused")));
        assertEquals(FlushResult.RETRY, flush(output(cw(BASE), conn), twoStreams(1)));
    }

    @Test
    void createsTheStreamFirstAndOnlyOnce() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(BASE), fake);
        flush(out, twoStreams(1));
        flush(out, twoStreams(1));
        assertEquals(2, fake.calls.stream().filter(s -> s.startsWith("CreateLogStream")).count());
        assertTrue(fake.calls.get(0).startsWith("CreateLogStream"));
    }

    @Test
    void missingGroupIsCreatedWithRetentionWhenAllowed() throws Exception {
        FakeLogs fake = new FakeLogs();
        boolean[] groupExists = {false};
        fake.onCreateStream = r -> groupExists[0]
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(error("ResourceNotFoundException", 400));
        fake.onCreateGroup = r -> {
            groupExists[0] = true;
            return CompletableFuture.completedFuture(null);
        };
        CloudWatchOutput out = output(cw(with("auto_create_group", "true", "log_retention_days", "7",
            "log_stream_template", "", "log_stream_name", "alerts")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("falco", List.of(event(1000, "{\"a\":1}")))));
        assertEquals(List.of("CreateLogStream g/alerts", "CreateLogGroup g", "PutRetentionPolicy g 7",
            "CreateLogStream g/alerts", "PutLogEvents g/alerts 1"), fake.calls);
    }

    @Test
    void missingGroupWithoutAutoCreateIsAnError() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onCreateStream = r -> CompletableFuture.failedFuture(error("ResourceNotFoundException", 400));
        CloudWatchOutput out = output(cw(BASE), fake);
        assertEquals(FlushResult.ERROR, flush(out, twoStreams(1)));
        assertTrue(fake.calls.stream().noneMatch(s -> s.startsWith("CreateLogGroup")));
    }

    @Test
    void streamDeletedBehindOurBackIsRecreatedAndResentInPlace() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> n == 0
            ? CompletableFuture.failedFuture(error("ResourceNotFoundException", 400))
            : CompletableFuture.completedFuture(PutLogEventsResponse.builder().build());
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("t", List.of(event(1000, "{\"a\":1}")))));
        assertEquals(List.of("CreateLogStream g/s", "PutLogEvents g/s 1", "CreateLogStream g/s",
            "PutLogEvents g/s 1"), fake.calls);
    }

    @Test
    void rejectedOldEventsAreNotRetried() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> CompletableFuture.completedFuture(PutLogEventsResponse.builder()
            .rejectedLogEventsInfo(RejectedLogEventsInfo.builder().tooOldLogEventEndIndex(0).build()).build());
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        Chunk c = chunk("t", List.of(event(1000, "{\"a\":1}"), event(2000, "{\"a\":2}")));
        assertEquals(FlushResult.OK, flush(out, c));
        Chunk old = chunk("t", List.of(event(1000, "{\"a\":1}")));
        assertEquals(FlushResult.ERROR, flush(out, old), "nothing of it arrived");
        assertEquals(2, fake.puts.size());
    }

    @Test
    void rejectedTooNewEventsAreDroppedNotRetried() throws Exception {
        FakeLogs fake = new FakeLogs();
        // CloudWatch takes the first event and rejects the rest as more than 2 hours in the future
        fake.onPut = (r, n) -> CompletableFuture.completedFuture(PutLogEventsResponse.builder()
            .rejectedLogEventsInfo(RejectedLogEventsInfo.builder().tooNewLogEventStartIndex(n == 0 ? 1 : 0).build())
            .build());
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("t", List.of(event(1000, "{\"a\":1}"),
            event(2000, "{\"a\":2}")))), "the first event arrived");
        assertEquals(FlushResult.ERROR, flush(out, chunk("t", List.of(event(3000, "{\"a\":3}")))),
            "nothing of it arrived");
        assertEquals(List.of("CreateLogStream g/s", "PutLogEvents g/s 2", "PutLogEvents g/s 1"), fake.calls,
            "a rejected event is never sent again");
    }

    @Test
    void autoCreatedGroupCarriesItsClassAndTags() throws Exception {
        FakeLogs fake = new FakeLogs();
        List<software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest> groups = new ArrayList<>();
        boolean[] groupExists = {false};
        fake.onCreateStream = r -> groupExists[0]
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(error("ResourceNotFoundException", 400));
        fake.onCreateGroup = r -> {
            groups.add(r);
            groupExists[0] = true;
            return CompletableFuture.completedFuture(null);
        };
        CloudWatchOutput out = output(cw(with("auto_create_group", "true", "log_group_class", "INFREQUENT_ACCESS",
            "new_log_group_tags", "team=security, env=prod stage", "log_stream_template", "",
            "log_stream_name", "alerts")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("falco", List.of(event(1000, "{\"a\":1}")))));
        assertEquals(1, groups.size(), fake.calls.toString());
        assertEquals("INFREQUENT_ACCESS", groups.get(0).logGroupClassAsString());
        assertEquals(java.util.Map.of("team", "security", "env", "prod stage"), groups.get(0).tags());
    }

    @Test
    void autoCreateStreamOff_putsWithoutCreatingAndAMissingStreamIsAnError() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("auto_create_stream", "false", "log_stream_template", "",
            "log_stream_name", "s")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("t", List.of(event(1000, "{\"a\":1}")))));
        assertEquals(List.of("PutLogEvents g/s 1"), fake.calls);
        fake.onPut = (r, n) -> CompletableFuture.failedFuture(error("ResourceNotFoundException", 400));
        assertEquals(FlushResult.ERROR, flush(out, chunk("t", List.of(event(2000, "{\"a\":2}")))));
        assertTrue(fake.calls.stream().noneMatch(c -> c.startsWith("Create")), fake.calls.toString());
    }

    @Test
    void oldEndpointSequenceTokenIsFollowed() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> n == 0
            ? CompletableFuture.failedFuture(InvalidSequenceTokenException.builder().expectedSequenceToken("42")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidSequenceTokenException").build())
                .statusCode(400).build())
            : CompletableFuture.completedFuture(PutLogEventsResponse.builder().nextSequenceToken("43").build());
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        assertEquals(FlushResult.OK, flush(out, chunk("t", List.of(event(1000, "{\"a\":1}")))));
        assertEquals("42", fake.puts.get(1).sequenceToken());
        flush(out, chunk("t", List.of(event(1000, "{\"a\":2}"))));
        assertEquals("43", fake.puts.get(2).sequenceToken());
    }

    @Test
    void dataAlreadyAcceptedIsSuccess() throws Exception {
        FakeLogs fake = new FakeLogs();
        fake.onPut = (r, n) -> CompletableFuture.failedFuture(error("DataAlreadyAcceptedException", 400));
        assertEquals(FlushResult.OK, flush(output(cw(BASE), fake), twoStreams(1)));
    }

    @Test
    void bigChunkIsSplitAtTheLimitsAndSorted() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        List<Event> events = new ArrayList<>();
        for (int i = 25_000; i > 0; i--) {
            events.add(event(1_700_000_000_000L + i, "{\"n\":" + i + "}"));
        }
        assertEquals(FlushResult.OK, flush(out, chunk("t", events)));
        assertEquals(3, fake.puts.size());
        for (PutLogEventsRequest r : fake.puts) {
            assertTrue(r.logEvents().size() <= 10_000);
            List<InputLogEvent> l = r.logEvents();
            for (int i = 1; i < l.size(); i++) {
                assertTrue(l.get(i - 1).timestamp() <= l.get(i).timestamp());
            }
        }
        assertEquals(25_000, fake.puts.stream().mapToInt(r -> r.logEvents().size()).sum());
    }

    @Test
    void lingerFillsBatchesAcrossChunks() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s",
            "batch_linger", "0.3")), fake);
        List<Event> a = new ArrayList<>();
        List<Event> b = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            a.add(event(1000 + i, "{\"c\":\"a\"}"));
            b.add(event(1000 + i, "{\"c\":\"b\"}"));
        }
        var fa = out.flush(chunk("t", a));
        var fb = out.flush(chunk("t", b));
        assertEquals(FlushResult.OK, fa.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(FlushResult.OK, fb.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(10_000, 2000), fake.puts.stream().map(r -> r.logEvents().size()).toList());
    }

    @Test
    void timestampsAreMillisecondsAndMessagesTheRecordJson() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s")), fake);
        var e = dev.peregrine.pipeline.event.Event.of(new dev.peregrine.pipeline.event.EventTime(1700000000L,
            123_999_999), TestSupport.json("{\"log\":\"hi \\\"x\\\"\",\"n\":1}"));
        flush(out, chunk("t", List.of(e, event(5, "{}"))));
        InputLogEvent sent = fake.puts.get(0).logEvents().get(0);
        assertEquals(1_700_000_000_123L, sent.timestamp());
        assertEquals("{\"log\":\"hi \\\"x\\\"\",\"n\":1}", sent.message());
        assertEquals(1, fake.puts.get(0).logEvents().size(), "{} is an empty message and is discarded");
    }

    @Test
    void logKeyPrefixQuirkAndMissingKey() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s",
            "log_key", "log")), fake);
        flush(out, chunk("t", List.of(event(1, "{\"log\":\"line\",\"x\":1}"), event(2, "{\"lo\":{\"k\":1}}"),
            event(3, "{\"other\":1}"), event(4, "{\"log\":\"\"}"))));
        assertEquals(List.of("line", "{\"k\":1}"), messages(fake.puts, "s"));
    }

    @Test
    void emfHeaderAndFalcoDocument() throws Exception {
        FakeLogs fake = new FakeLogs();
        CloudWatchOutput out = output(cw(with("log_stream_template", "", "log_stream_name", "s",
            "log_format", "json/emf", "metric_namespace", "Falco")), fake);
        flush(out, chunk("falco", List.of(event(1000, "{\"rule\":\"Terminal shell\",\"priority\":\"Warning\","
            + "\"output\":\"shell\",\"output_fields\":{\"k8s.ns.name\":\"shop\"}}"))));
        PutLogEventsRequest r = fake.puts.get(0);
        assertEquals(List.of("json/emf"), r.overrideConfiguration().get().headers().get("x-amzn-logs-format"));
        String m = r.logEvents().get(0).message();
        assertTrue(m.startsWith("{\"_aws\":{\"Timestamp\":1000,\"CloudWatchMetrics\":[{\"Namespace\":\"Falco\","
            + "\"Dimensions\":[[\"Priority\"],[\"Rule\",\"Priority\"],[],[\"K8sNamespace\",\"Priority\"]],"
            + "\"Metrics\":[{\"Name\":\"FalcoAlerts\",\"Unit\":\"Count\"}]}]},\"Rule\":\"Terminal shell\","
            + "\"Priority\":\"Warning\",\"K8sNamespace\":\"shop\",\"FalcoAlerts\":1,\"rule\":"), m);
    }

    @Test
    void requiredFieldsAreWordedAsFluentBit() {
        assertEquals("'log_group_name' is a required field",
            assertThrows(PluginConfigException.class, () -> cw("region", "x", "log_stream_name", "s")).getMessage());
        assertEquals("Either 'log_stream_name' or 'log_stream_prefix' is required",
            assertThrows(PluginConfigException.class, () -> cw("region", "x", "log_group_name", "g")).getMessage());
        assertEquals("Either 'log_stream_name' or 'log_stream_prefix' is required",
            assertThrows(PluginConfigException.class, () -> cw("region", "x", "log_group_name", "g",
                "log_stream_name", "a", "log_stream_prefix", "b")).getMessage());
        assertEquals("'region' is a required field",
            assertThrows(PluginConfigException.class, () -> cw("log_group_name", "g", "log_stream_name", "s"))
                .getMessage());
        assertTrue(assertThrows(PluginConfigException.class, () -> cw("region", "x", "log_group_name", "g",
            "log_stream_name", "s", "auto_create_group", "on", "log_group_class", "COLD")).getMessage()
            .startsWith("The valid values for log_group_class are {STANDARD, INFREQUENT_ACCESS}."));
    }

    @Test
    void endpoints() throws Exception {
        assertEquals("https://logs.example.com", CloudWatchOptions.endpoint("https://logs.example.com", null)
            .toString());
        assertEquals("https://logs.example.com", CloudWatchOptions.endpoint("logs.example.com", 443L).toString());
        assertEquals("http://127.0.0.1:5000", CloudWatchOptions.endpoint("http://127.0.0.1:5000", null).toString());
        assertEquals("https://h:8443", CloudWatchOptions.endpoint("h", 8443L).toString());
    }
}
