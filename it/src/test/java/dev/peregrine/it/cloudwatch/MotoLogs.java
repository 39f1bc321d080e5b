package dev.peregrine.it.cloudwatch;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads moto's CloudWatch Logs state with the plain JSON protocol (moto does not check signatures).
 *
 * <p>Why not the SDK client: this module gets the SDK only through the shaded agent jar in the shared local
 * Maven repository, which other builds may replace while the tests run (seen as NoClassDefFoundError). The test
 * JVM therefore keeps to the JDK; the agent under test uses the SDK.
 */
final class MotoLogs {
    record LogEvent(long timestamp, String message) {
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    MotoLogs(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Every event of a stream, oldest first; empty when the group or stream does not exist. */
    List<LogEvent> events(String group, String stream) {
        List<LogEvent> out = new ArrayList<>();
        String token = null;
        while (true) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("logGroupName", group);
            req.put("logStreamName", stream);
            req.put("startFromHead", true);
            if (token != null) {
                req.put("nextToken", token);
            }
            Map<String, Object> r = call("GetLogEvents", req);
            if (r == null) {
                return List.of();
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) r.get("events");
            for (Map<String, Object> e : events) {
                out.add(new LogEvent(((Number) e.get("timestamp")).longValue(), (String) e.get("message")));
            }
            String next = (String) r.get("nextForwardToken");
            if (events.isEmpty() || next == null || next.equals(token)) {
                return out;
            }
            token = next;
        }
    }

    /** DescribeLogGroups' entry for one group, or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> group(String name) {
        Map<String, Object> r = call("DescribeLogGroups", Map.of("logGroupNamePrefix", name));
        if (r == null) {
            return null;
        }
        for (Map<String, Object> g : (List<Map<String, Object>>) r.get("logGroups")) {
            if (name.equals(g.get("logGroupName"))) {
                return g;
            }
        }
        return null;
    }

    /** The answer, or null for ResourceNotFoundException. */
    private Map<String, Object> call(String op, Map<String, Object> body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", "Logs_20140328." + op)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/logs/"
                    + "aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(MiniJson.write(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 400 && r.body().contains("ResourceNotFoundException")) {
                return null;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException(op + ": HTTP " + r.statusCode() + " " + r.body());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.body());
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(op + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
