package dev.peregrine.it.cloudwatch;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent jar sending to moto's CloudWatch Logs: what arrives, where, with which timestamps, exactly once,
 * and across a crash of the endpoint.
 */
class CloudWatchMotoTest {
    private static MotoServer moto;
    private static MotoLogs logs;

    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "testing",
        "AWS_SECRET_ACCESS_KEY", "testing", "AWS_EC2_METADATA_DISABLED", "true");
    private static final List<String> UNSET = List.of("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        logs = new MotoLogs(moto.endpoint());
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void reset() throws Exception {
        moto.reset();
    }

    private static AgentProcess agent(Path dir, String conf) throws Exception {
        Path f = dir.resolve("agent.conf");
        Files.writeString(f, conf);
        return AgentProcess.start(dir, List.of("-c", f.toString()), ENV, UNSET);
    }

    private static List<MotoLogs.LogEvent> events(String group, String stream) {
        return logs.events(group, stream);
    }

    private static void await(String what, long millis, BooleanSupplier ok, AgentProcess a) throws Exception {
        await(what, millis, ok, a, () -> "");
    }

    private static void await(String what, long millis, BooleanSupplier ok, AgentProcess a,
                              java.util.function.Supplier<String> state) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (ok.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + " " + state.get() + "; agent stderr:\n"
            + a.stderr());
    }

    private static String output(String name, String... props) {
        StringBuilder b = new StringBuilder("[OUTPUT]\n    Name " + name + "\n    region us-east-1\n"
            + "    endpoint " + moto.endpoint() + "\n");
        for (int i = 0; i < props.length; i += 2) {
            b.append("    ").append(props[i]).append(' ').append(props[i + 1]).append('\n');
        }
        return b.toString();
    }

    @Test
    void recordsArriveOnceInTemplatedGroupsWithRetentionTimestampsAndEmf() throws Exception {
        long sec = System.currentTimeMillis() / 1000 - 60;
        Path dir = Files.createTempDirectory("cw-it");
        String conf = "[SERVICE]\n    Flush 0.5\n    Grace 5\n    Log_Level info\n\n"
            + "[INPUT]\n    Name dummy\n    Tag app.web\n    Rate 20\n    Samples 20\n    Fixed_Timestamp on\n"
            + "    Start_Time_Sec " + sec + "\n    Start_Time_Nsec 123999999\n"
            + "    Dummy {\"msg\":\"hello \\\"quoted\\\" é\",\"kubernetes\":{\"namespace_name\":\"shop\","
            + "\"pod_name\":\"web-1\"}}\n\n"
            + "[INPUT]\n    Name dummy\n    Tag falco.alerts\n    Rate 10\n    Samples 5\n"
            + "    Dummy {\"rule\":\"Terminal shell in container\",\"priority\":\"Warning\",\"output\":\"shell\","
            + "\"output_fields\":{\"k8s.ns.name\":\"shop\",\"proc.name\":\"bash\"}}\n\n"
            + output("cloudwatch_logs", "Match", "app.*", "log_group_name", "fallback",
                "log_group_template", "/eks/$kubernetes['namespace_name']", "log_stream_prefix", "from-",
                "auto_create_group", "On", "log_retention_days", "7")
            + output("cloudwatch", "Match", "falco.*", "log_group_name", "falco", "log_stream_name",
                "$(tag[1])", "auto_create_group", "true", "log_format", "json/emf", "metric_namespace", "Falco");
        try (AgentProcess a = agent(dir, conf)) {
            await("20 app records", 30_000, () -> events("/eks/shop", "from-app.web").size() >= 20, a);
            await("5 falco alerts", 30_000, () -> events("falco", "alerts").size() >= 5, a);
            Thread.sleep(1500); // anything sent twice would show up by now
            List<MotoLogs.LogEvent> app = events("/eks/shop", "from-app.web");
            assertEquals(20, app.size(), "exactly once");
            for (MotoLogs.LogEvent e : app) {
                assertEquals(sec * 1000 + 123, e.timestamp());
                assertEquals("{\"msg\":\"hello \\\"quoted\\\" \\u00e9\",\"kubernetes\":{\"namespace_name\":\"shop\","
                    + "\"pod_name\":\"web-1\"}}", e.message());
            }
            assertEquals(7L, logs.group("/eks/shop").get("retentionInDays"));

            List<MotoLogs.LogEvent> alerts = events("falco", "alerts");
            assertEquals(5, alerts.size());
            for (MotoLogs.LogEvent e : alerts) {
                String m = e.message();
                assertTrue(m.startsWith("{\"_aws\":{\"Timestamp\":" + e.timestamp() + ",\"CloudWatchMetrics\":"
                    + "[{\"Namespace\":\"Falco\",\"Dimensions\":[[\"Priority\"],[\"Rule\",\"Priority\"],[],"
                    + "[\"K8sNamespace\",\"Priority\"]],\"Metrics\":[{\"Name\":\"FalcoAlerts\",\"Unit\":\"Count\"}]}]},"
                    + "\"Rule\":\"Terminal shell in container\",\"Priority\":\"Warning\",\"K8sNamespace\":\"shop\","
                    + "\"FalcoAlerts\":1,"), m);
                assertTrue(m.contains("\"output_fields\":{\"k8s.ns.name\":\"shop\",\"proc.name\":\"bash\"}"), m);
            }
            a.terminate();
            assertTrue(a.waitFor(20_000));
        }
    }

    @Test
    void endpointKilledAndRestartedLosesNothing() throws Exception {
        int samples = 80;
        Path dir = Files.createTempDirectory("cw-it");
        String conf = "[SERVICE]\n    Flush 1\n    Grace 5\n    Log_Level info\n    scheduler.base 1\n"
            + "    scheduler.cap 2\n\n"
            + "[INPUT]\n    Name dummy\n    Tag app\n    Rate 10\n    Samples " + samples + "\n"
            + "    Dummy {\"msg\":\"m\"}\n\n"
            + output("cloudwatch_logs", "Match", "*", "log_group_name", "crash", "log_stream_name", "s",
                "auto_create_group", "true", "Retry_Limit", "False", "batch_linger", "0");
        try (AgentProcess a = agent(dir, conf)) {
            // Kill right after a PutLogEvents landed, so that no other one is half done at that moment.
            await("first records", 30_000, () -> events("crash", "s").size() >= 10, a);
            int seen = events("crash", "s").size();
            await("next batch", 10_000, () -> events("crash", "s").size() > seen, a);
            // What moto holds right now is lost with it; the rest must arrive after the restart, once each.
            // Dummy records are identical but for their time, and a loaded machine can give two the same
            // millisecond: so the check is on counts (a duplicate or a loss changes the total), not identities.
            int before = events("crash", "s").size();
            moto.kill();
            Thread.sleep(2500);
            moto.restart();
            await("the rest after the restart", 60_000,
                () -> before + events("crash", "s").size() >= samples, a, () -> "before the kill: "
                    + before + ", after the restart: " + events("crash", "s").size());
            Thread.sleep(2500);
            List<MotoLogs.LogEvent> after = events("crash", "s");
            assertEquals(samples, before + after.size(), "sent before the kill + after the restart, each once");
            assertTrue(a.stderr().contains("succeeded at retry"), a.stderr());
        }
    }
}
