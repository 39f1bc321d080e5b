package dev.peregrine.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fluent Bit's HTTP monitoring API on the real agent, with real HTTP requests; and hot reload. */
class MonitoringApiTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> waitFor(int port, String path) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                return get(port, path);
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > end) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static long number(String json, String path) {
        Matcher m = Pattern.compile(Pattern.quote(path) + "\\D*(\\d+)").matcher(json);
        assertTrue(m.find(), path + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void endpoints_answerWithFluentBitShapesAndCounters() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("a.conf"), "[SERVICE]\n    Flush 0.2\n    HTTP_Server On\n"
            + "    HTTP_Listen 127.0.0.1\n    HTTP_Port " + port + "\n    Health_Check On\n\n"
            + "[INPUT]\n    Name dummy\n    Rate 50\n\n[FILTER]\n    Name grep\n    Match *\n"
            + "    Exclude message dummy\n\n[OUTPUT]\n    Name null\n    Match *\n");
        try (AgentProcess p = AgentProcess.start(dir, List.of("-c", "a.conf"), Map.of(), List.of())) {
            HttpResponse<String> root = waitFor(port, "/");
            assertEquals(200, root.statusCode());
            assertTrue(root.body().startsWith("{\"fluent-bit\":{\"version\":\"5.1.1\",\"edition\":\"Community\""),
                root.body());
            Thread.sleep(1200);
            HttpResponse<String> m = get(port, "/api/v1/metrics");
            assertEquals("application/json", m.headers().firstValue("content-type").orElse(""));
            String body = m.body();
            assertTrue(body.startsWith("{\"input\":{\"dummy.0\":{\"records\":"), body);
            assertTrue(number(body, "\"dummy.0\":{\"records\":") > 10, body);
            assertTrue(body.contains("\"filter\":{\"grep.0\":{\"drop_records\":"), body);
            assertTrue(body.contains("\"output\":{\"null.0\":{\"proc_records\":0,\"proc_bytes\":0,\"errors\":0,"
                + "\"retries\":0,\"retries_failed\":0,\"dropped_records\":0,\"retried_records\":0}}"), body);

            String prom = get(port, "/api/v1/metrics/prometheus").body();
            assertTrue(prom.contains("# TYPE fluentbit_input_records_total counter"), prom);
            assertTrue(Pattern.compile("fluentbit_input_records_total\\{name=\"dummy.0\"\\} [1-9]\\d* \\d+")
                .matcher(prom).find(), prom);
            assertTrue(prom.contains("fluentbit_output_proc_records_total{name=\"null.0\"} 0"), prom);
            assertTrue(prom.contains("fluentbit_output_retries_failed_total{name=\"null.0\"} 0"), prom);
            assertTrue(prom.contains("fluentbit_filter_drop_records_total{name=\"grep.0\"}"), prom);

            String up = get(port, "/api/v1/uptime").body();
            assertTrue(up.matches("\\{\"uptime_sec\":\\d+,\"uptime_hr\":\"Fluent Bit has been running:  0 day, 0 "
                + "hour, 0 minute and \\d+ seconds?\"\\}"), up);

            HttpResponse<String> h = get(port, "/api/v1/health");
            assertEquals(200, h.statusCode());
            assertEquals("ok\n", h.body());
            assertEquals("{\"status\":\"ok\",\"errors\":0,\"retries_failed\":0,\"error_limit\":5,"
                + "\"retry_failure_limit\":5,\"period_limit\":60}", get(port, "/api/v2/health").body());

            // v2: cmetrics' text encoding, no content type; one line per value with an RFC 3339 ns time.
            HttpResponse<String> v2 = get(port, "/api/v2/metrics");
            assertTrue(v2.headers().firstValue("content-type").isEmpty(), v2.headers().toString());
            assertTrue(Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z "
                + "fluentbit_input_records_total\\{name=\"dummy\\.0\"\\} = [1-9]\\d*$").matcher(v2.body()).find(),
                v2.body());
            assertTrue(v2.body().contains(" fluentbit_filter_drop_records_total{name=\"grep.0\"} = "), v2.body());
            assertTrue(Pattern.compile("(?m) fluentbit_build_info\\{hostname=\"[^\"]+\",version=\"5\\.1\\.1\","
                + "os=\"linux\"\\} = \\d+$").matcher(v2.body()).find(), v2.body());
            String v2prom = get(port, "/api/v2/metrics/prometheus").body();
            assertTrue(v2prom.contains("# HELP fluentbit_input_records_total Number of input records.\n"
                + "# TYPE fluentbit_input_records_total counter\nfluentbit_input_records_total{name=\"dummy.0\"} "),
                v2prom);
            assertTrue(v2prom.contains("# TYPE fluentbit_hot_reloaded_times gauge\n"), v2prom);
            String storage = get(port, "/api/v1/storage").body();
            assertTrue(storage.contains("\"input_chunks\":{\"dummy.0\":{\"status\":{\"overlimit\":false"),
                storage);
            assertTrue(get(port, "/api/v1/plugins").body().contains("\"filters\":[\"grep\"]"));
            assertEquals(404, get(port, "/api/v1/nosuch").statusCode());
            p.terminate();
            assertTrue(p.waitFor(10_000));
            assertEquals(0, p.exitCode());
        }
    }

    @Test
    void health_outputErrorsOverLimit_answers500() throws Exception {
        int port = freePort();
        // The file output cannot open a file in a missing directory (Mkdir off): each flush is an ERROR.
        Files.writeString(dir.resolve("a.conf"), "[SERVICE]\n    Flush 0.1\n    HTTP_Server On\n"
            + "    HTTP_Listen 127.0.0.1\n    HTTP_Port " + port + "\n    Health_Check On\n"
            + "    HC_Errors_Count 2\n    HC_Period 60\n\n[INPUT]\n    Name dummy\n    Rate 20\n\n"
            + "[OUTPUT]\n    Name file\n    Match *\n    Path " + dir.resolve("missing/dir") + "\n");
        try (AgentProcess p = AgentProcess.start(dir, List.of("-c", "a.conf"), Map.of(), List.of())) {
            waitFor(port, "/");
            long end = System.currentTimeMillis() + 15_000;
            HttpResponse<String> h = get(port, "/api/v1/health");
            while (h.statusCode() == 200 && System.currentTimeMillis() < end) {
                Thread.sleep(200);
                h = get(port, "/api/v1/health");
            }
            assertEquals(500, h.statusCode());
            assertEquals("error\n", h.body());
            String v1 = get(port, "/api/v1/metrics").body();
            assertTrue(number(v1, "\"errors\":") >= 3, v1);
        }
    }

    @Test
    void health_withoutHealthCheck_is404() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("a.conf"), "[SERVICE]\n    HTTP_Server On\n    HTTP_Listen 127.0.0.1\n"
            + "    HTTP_Port " + port + "\n\n[INPUT]\n    Name dummy\n\n[OUTPUT]\n    Name null\n    Match *\n");
        try (AgentProcess p = AgentProcess.start(dir, List.of("-c", "a.conf"), Map.of(), List.of())) {
            waitFor(port, "/");
            assertEquals(404, get(port, "/api/v1/health").statusCode());
        }
    }

    @Test
    void hotReload_sighupAndApi_applyTheNewConfigWithoutLosingRecords() throws Exception {
        int port = freePort();
        String conf = "[SERVICE]\n    Flush 0.2\n    Grace 2\n    Hot_Reload On\n    HTTP_Server On\n"
            + "    HTTP_Listen 127.0.0.1\n    HTTP_Port " + port + "\n\n[INPUT]\n    Name dummy\n"
            + "    Dummy {\"gen\":\"%s\"}\n    Rate 20\n\n[OUTPUT]\n    Name stdout\n    Match *\n"
            + "    Format json_lines\n    json_date_key false\n";
        Path f = dir.resolve("a.conf");
        Files.writeString(f, conf.formatted("one"));
        try (AgentProcess p = AgentProcess.start(dir, List.of("-c", "a.conf"), Map.of(), List.of())) {
            waitFor(port, "/");
            awaitOutput(p, "{\"gen\":\"one\"}");
            Files.writeString(f, conf.formatted("two"));
            new ProcessBuilder("kill", "-HUP", Long.toString(p.process().pid())).start().waitFor();
            awaitOutput(p, "{\"gen\":\"two\"}");
            assertEquals("{\"hot_reload_count\":1}", get(port, "/api/v2/reload").body());

            Files.writeString(f, conf.formatted("three"));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v2/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            awaitOutput(p, "{\"gen\":\"three\"}");

            // A broken config is refused and the running pipeline keeps going.
            Files.writeString(f, conf.formatted("four").replace("Name stdout", "Name nosuch"));
            new ProcessBuilder("kill", "-HUP", Long.toString(p.process().pid())).start().waitFor();
            Thread.sleep(1000);
            String before = new String(p.stdout(), StandardCharsets.UTF_8);
            Thread.sleep(600);
            String after = new String(p.stdout(), StandardCharsets.UTF_8);
            assertTrue(after.length() > before.length(), "the old pipeline still runs");
            assertTrue(p.stderr().contains("reload failed: the running configuration is kept"), p.stderr());
            assertTrue(p.stderr().contains("'nosuch'"), p.stderr());
            p.terminate();
            assertTrue(p.waitFor(10_000));
            assertEquals(0, p.exitCode());
            for (String line : new String(p.stdout(), StandardCharsets.UTF_8).split("\n")) {
                assertTrue(line.matches("\\{\"gen\":\"(one|two|three)\"\\}"), "whole records only: " + line);
            }
        }
    }

    private static void awaitOutput(AgentProcess p, String text) throws Exception {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            if (new String(p.stdout(), StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + text + " in output; stderr:\n" + p.stderr());
    }
}
