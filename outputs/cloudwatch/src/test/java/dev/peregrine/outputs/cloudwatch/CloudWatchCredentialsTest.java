package dev.peregrine.outputs.cloudwatch;

import com.sun.net.httpserver.HttpServer;
import dev.peregrine.pipeline.log.Log;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.outputs.cloudwatch.TestSupport.cw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * role_arn: the base chain's credentials call STS AssumeRole (with external_id, at sts_endpoint, through the JDK
 * synchronous client), and CloudWatch calls are signed with the assumed role's key, on the shared event loops.
 */
class CloudWatchCredentialsTest {
    private static final String ASSUME_ROLE_RESPONSE = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIAASSUMEDROLE</AccessKeyId>
              <SecretAccessKey>assumed-secret</SecretAccessKey>
              <SessionToken>assumed-token</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>
              <AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
        </AssumeRoleResponse>""";

    @Test
    void roleArnAssumesTheRoleAndSignsWithIt() throws Exception {
        List<String> stsBodies = new CopyOnWriteArrayList<>();
        List<String> logsAuth = new CopyOnWriteArrayList<>();
        List<String> logsFormat = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpServer stsServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stsServer.createContext("/", ex -> {
            stsBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = ASSUME_ROLE_RESPONSE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            logsAuth.add(ex.getRequestHeaders().getFirst("Authorization") + " token="
                + ex.getRequestHeaders().getFirst("X-Amz-Security-Token"));
            logsFormat.add(String.valueOf(ex.getRequestHeaders().getFirst("x-amzn-logs-format")));
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("x-amzn-RequestId", "1");
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        stsServer.start();
        System.setProperty("aws.accessKeyId", "AKIABASE");
        System.setProperty("aws.secretAccessKey", "base-secret");
        NioEventLoopGroup loops = new NioEventLoopGroup(1);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (CloudWatchService svc = CloudWatchService.create(cw("region", "eu-west-1", "log_group_name", "g",
            "log_stream_name", "s", "endpoint", base, "role_arn", "arn:aws:iam::123456789012:role/r",
            "external_id", "ext-42", "sts_endpoint", "http://127.0.0.1:" + stsServer.getAddress().getPort(), "log_format", "json/emf"), loops,
            Log.of("test"))) {
            PutLogEventsRequest req = new PutLogEventsRequestBuilder("json/emf").build(new LogBatch(
                new StreamKey("g", "s"), List.of(LogEvent.of(1000, "{\"a\":1}")), 33), null);
            svc.put(req).get(30, TimeUnit.SECONDS);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            server.stop(0);
            stsServer.stop(0);
        }
        assertEquals(1, stsBodies.size());
        String sts = stsBodies.get(0);
        assertTrue(sts.contains("Action=AssumeRole"), sts);
        assertTrue(sts.contains("ExternalId=ext-42"), sts);
        assertTrue(sts.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr"), sts);
        assertEquals(1, logsAuth.size());
        assertTrue(logsAuth.get(0).startsWith("AWS4-HMAC-SHA256 Credential=ASIAASSUMEDROLE/"), logsAuth.get(0));
        assertTrue(logsAuth.get(0).contains("/eu-west-1/logs/aws4_request"), logsAuth.get(0));
        assertTrue(logsAuth.get(0).endsWith("token=assumed-token"), logsAuth.get(0));
        assertEquals(List.of("json/emf"), logsFormat);
    }
}
