package dev.peregrine.it.forward;

import org.fluentd.logger.FluentLogger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.komamitsu.fluency.EventTime;
import org.komamitsu.fluency.Fluency;
import org.komamitsu.fluency.fluentd.FluencyBuilderForFluentd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Forward clients written by others against the real agent (forward inputs to stdout json_lines): npm
 * fluent-logger 3.4.1 and @fluent-org/logger 1.0.10 in every mode they have, with gzip, acks and the shared-key
 * handshake, and the Java fluency-fluentd 2.7.3 (PackedForward, ack, EventTime) and fluent-logger 0.3.4 (Message).
 * Every record must be printed exactly once with its tag (the output matches the expected tags only), time and body.
 */
class ForwardClientsTest {
    private static final long BASE = 1_700_000_000L;
    private static final String KEY = "k3y-for-tests";

    private static ForwardAgent agent;
    private static int plain;
    private static int keyed;
    private static int users;

    record Case(String name, String lib, String mode, boolean ack, boolean eventTime, int port, String key,
                String user, String password, int count) {
        String tag() {
            return "node." + name;
        }

        String json() {
            StringBuilder b = new StringBuilder("{\"lib\":\"" + lib + "\",\"mode\":\"" + mode + "\",\"ack\":" + ack
                + ",\"eventTime\":" + eventTime + ",\"port\":" + port + ",\"count\":" + count + ",\"baseTime\":"
                + BASE + ",\"prefix\":\"node\",\"label\":\"" + name + "\",\"caseName\":\"" + name + "\"");
            if (key != null) {
                b.append(",\"sharedKey\":\"").append(key).append("\",\"username\":\"").append(user)
                    .append("\",\"password\":\"").append(password).append('"');
            }
            if (!key(KEY)) {
                b.append(",\"timeoutMs\":5000,\"expectFailure\":true");
            }
            return b.append('}').toString();
        }

        private boolean key(String good) {
            return key == null || (key.equals(good) && (port != users || "pw".equals(password)));
        }

        boolean shouldSucceed() {
            return key(KEY);
        }
    }

    static final List<Case> CASES = new ArrayList<>();

    @BeforeAll
    static void startAgent() throws Exception {
        plain = ForwardAgent.freePort();
        keyed = ForwardAgent.freePort();
        users = ForwardAgent.freePort();
        CASES.clear();
        String fl = "fluent-logger";
        String fo = "@fluent-org/logger";
        CASES.add(new Case("fl_message", fl, "Message", false, true, plain, null, null, null, 200));
        CASES.add(new Case("fl_message_ack_int", fl, "Message", true, false, plain, null, null, null, 100));
        CASES.add(new Case("fl_packed_ack", fl, "PackedForward", true, true, plain, null, null, null, 500));
        CASES.add(new Case("fl_packed", fl, "PackedForward", false, false, plain, null, null, null, 300));
        CASES.add(new Case("fl_gzip_ack", fl, "CompressedPackedForward", true, true, plain, null, null, null, 500));
        CASES.add(new Case("fl_key", fl, "PackedForward", true, true, keyed, KEY, "", "", 100));
        CASES.add(new Case("fl_wrong_key", fl, "Message", false, true, keyed, "wrong", "", "", 5));
        CASES.add(new Case("fo_message_ack", fo, "Message", true, true, plain, null, null, null, 100));
        CASES.add(new Case("fo_forward", fo, "Forward", false, true, plain, null, null, null, 300));
        CASES.add(new Case("fo_forward_ack", fo, "Forward", true, false, plain, null, null, null, 300));
        CASES.add(new Case("fo_packed_ack", fo, "PackedForward", true, true, plain, null, null, null, 500));
        CASES.add(new Case("fo_gzip", fo, "CompressedPackedForward", false, true, plain, null, null, null, 500));
        CASES.add(new Case("fo_gzip_ack", fo, "CompressedPackedForward", true, true, plain, null, null, null, 500));
        CASES.add(new Case("fo_key_ack", fo, "PackedForward", true, true, keyed, KEY, "", "", 100));
        CASES.add(new Case("fo_user_ack", fo, "Forward", true, true, users, KEY, "alice", "pw", 100));
        CASES.add(new Case("fo_wrong_key", fo, "PackedForward", false, true, keyed, "nope", "", "", 5));
        CASES.add(new Case("fo_wrong_password", fo, "Message", true, true, users, KEY, "alice", "bad", 5));
        StringBuilder tags = new StringBuilder("java\\.fluency|java\\.legacy");
        for (Case c : CASES) {
            tags.append('|').append(c.tag().replace(".", "\\."));
        }
        agent = ForwardAgent.start("""
            [SERVICE]
                Flush 0.2
                Grace 2
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
                Shared_Key %s
                Self_Hostname peregrine-it
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
                Shared_Key %s
                Self_Hostname peregrine-it
                Security.Users alice pw
                Security.Users bob other
            [OUTPUT]
                Name stdout
                Match_Regex ^(%s)$
                Format json_lines
            """.formatted(plain, keyed, KEY, users, KEY, tags), 3);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.stop();
            agent.close();
        }
    }

    private static Map<String, List<ForwardAgent.Printed>> byCase(List<ForwardAgent.Printed> all) {
        Map<String, List<ForwardAgent.Printed>> m = new HashMap<>();
        for (ForwardAgent.Printed p : all) {
            m.computeIfAbsent(p.str("case"), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    static String date(long seconds, long micros) {
        return seconds + "." + String.format("%06d", micros);
    }

    private static void checkExactlyOnce(String what, List<ForwardAgent.Printed> got, int count, boolean eventTime,
                                         java.util.function.IntFunction<String> msg) {
        assertEquals(count, got.size(), what + ": records printed");
        Map<Long, ForwardAgent.Printed> seen = new TreeMap<>();
        for (ForwardAgent.Printed p : got) {
            long seq = p.num("seq");
            assertTrue(seen.put(seq, p) == null, what + ": seq " + seq + " printed twice");
        }
        for (int i = 0; i < count; i++) {
            ForwardAgent.Printed p = seen.get((long) i);
            assertTrue(p != null, what + ": seq " + i + " missing");
            // Compared as numbers: how many decimals stdout prints is stdout's business.
            assertEquals(0, new java.math.BigDecimal(date(BASE + i, eventTime ? i : 0))
                .compareTo(new java.math.BigDecimal(p.date())), what + ": time of seq " + i + " printed as " + p.date());
            assertEquals(msg.apply(i), p.str("msg"), what + ": body of seq " + i);
        }
    }

    @TestFactory
    Stream<DynamicTest> nodeClients() throws Exception {
        NodeClients.dir();
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, NodeClients.Result> results = new LinkedHashMap<>();
        for (Case c : CASES) {
            results.put(c.name, NodeClients.send(c.json()));
        }
        int expected = CASES.stream().filter(Case::shouldSucceed).mapToInt(Case::count).sum();
        Map<String, List<ForwardAgent.Printed>> printed = byCase(agent.awaitRecords(expected, 20_000));
        String err = agent.stderr();
        for (Case c : CASES) {
            NodeClients.Result r = results.get(c.name);
            tests.add(DynamicTest.dynamicTest(c.name + " (" + c.lib + " " + c.mode + (c.ack ? " ack" : "")
                + (c.key != null ? " key" : "") + ")", () -> {
                List<ForwardAgent.Printed> got = printed.getOrDefault(c.name, List.of());
                if (c.shouldSucceed()) {
                    assertEquals(0, r.exit(), "client: " + r.output() + "\nagent:\n" + err);
                    checkExactlyOnce(c.name, got, c.count, c.eventTime,
                        i -> "record " + i + " " + "x".repeat(i % 50));
                } else {
                    assertNotEquals(0, r.exit(), "client should fail: " + r.output());
                    assertEquals(0, got.size(), "nothing from a refused client");
                    String why = c.name.contains("password") ? "username/password mismatch" : "shared_key mismatch";
                    assertTrue(err.contains(why), "agent log names the failure '" + why + "':\n" + err);
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void fluencyPackedForwardWithAckAndEventTime() throws Exception {
        FluencyBuilderForFluentd b = new FluencyBuilderForFluentd();
        b.setAckResponseMode(true);
        b.setFlushAttemptIntervalMillis(100);
        int n = 5000;
        try (Fluency f = b.build("127.0.0.1", plain)) {
            for (int i = 0; i < n; i++) {
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("seq", i);
                rec.put("case", "fluency");
                rec.put("msg", "fluency " + i);
                f.emit("java.fluency", EventTime.fromEpoch(BASE + i, i * 1000L), rec);
            }
            f.flush();
            assertTrue(f.waitUntilAllBufferFlushed(20), "fluency flushed everything (with acks)");
        }
        List<ForwardAgent.Printed> got = byCase(awaitCase("fluency", n)).getOrDefault("fluency", List.of());
        checkExactlyOnce("fluency", got, n, true, i -> "fluency " + i);
    }

    @Test
    void fluentLoggerJavaMessageMode() throws Exception {
        FluentLogger logger = FluentLogger.getLogger("java", "127.0.0.1", plain);
        int n = 300;
        for (int i = 0; i < n; i++) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("seq", i);
            rec.put("case", "legacy");
            rec.put("msg", "legacy " + i);
            assertTrue(logger.log("legacy", rec, BASE + i), "fluent-logger sent record " + i);
        }
        logger.flush();
        logger.close();
        List<ForwardAgent.Printed> got = byCase(awaitCase("legacy", n)).getOrDefault("legacy", List.of());
        checkExactlyOnce("fluent-logger-java", got, n, false, i -> "legacy " + i);
    }

    private static List<ForwardAgent.Printed> awaitCase(String name, int n) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        List<ForwardAgent.Printed> all = agent.records();
        while (byCase(all).getOrDefault(name, List.of()).size() < n && System.currentTimeMillis() < end) {
            Thread.sleep(100);
            all = agent.records();
        }
        Thread.sleep(500); // a duplicate would show up within a flush or two
        return agent.records();
    }
}
