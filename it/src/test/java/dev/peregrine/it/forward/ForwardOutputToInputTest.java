package dev.peregrine.it.forward;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peregrine's forward output into Peregrine's forward input, with Require_ack_response and a shared key, the
 * receiver stopped in the middle and started again on the same port: every record arrives (at least once), with its
 * tag, EventTime and body.
 */
class ForwardOutputToInputTest {
    private static final long BASE = 1_700_000_000L;
    private static final String KEY = "restart-key";

    private static String receiverConfig(int port) {
        return """
            [SERVICE]
                Flush 0.2
                Grace 3
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
                Shared_Key %s
                Self_Hostname receiver
            [OUTPUT]
                Name stdout
                Match app.restart
                Format json_lines
            """.formatted(port, KEY);
    }

    /** Sends one PackedForward batch of records [from, from+n) to the sender agent and waits for its ack. */
    private static void send(Socket s, MessageUnpacker acks, int from, int n) throws IOException {
        MessageBufferPacker entries = MessagePack.newDefaultBufferPacker();
        for (int i = from; i < from + n; i++) {
            entries.packArrayHeader(2);
            entries.packExtensionTypeHeader((byte) 0, 8);
            long sec = BASE + i;
            int ns = i * 1000;
            entries.writePayload(new byte[] {(byte) (sec >>> 24), (byte) (sec >>> 16), (byte) (sec >>> 8), (byte) sec,
                (byte) (ns >>> 24), (byte) (ns >>> 16), (byte) (ns >>> 8), (byte) ns});
            entries.packMapHeader(2).packString("seq").packInt(i).packString("msg").packString("restart " + i);
        }
        byte[] payload = entries.toByteArray();
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(3).packString("app.restart").packBinaryHeader(payload.length).writePayload(payload);
        p.packMapHeader(1).packString("chunk").packString("b" + from);
        s.getOutputStream().write(p.toByteArray());
        acks.unpackValue();
    }

    @Test
    void receiverRestartLosesNothing() throws Exception {
        int receiverPort = ForwardAgent.freePort();
        int senderPort = ForwardAgent.freePort();
        List<ForwardAgent.Printed> all = new ArrayList<>();
        int total = 3000;
        ForwardAgent receiver = ForwardAgent.start(receiverConfig(receiverPort), 1);
        try (ForwardAgent sender = ForwardAgent.start("""
            [SERVICE]
                Flush 0.2
                Grace 5
                scheduler.base 1
                scheduler.cap 2
            [INPUT]
                Name forward
                Listen 127.0.0.1
                Port %d
            [OUTPUT]
                Name forward
                Match *
                Host 127.0.0.1
                Port %d
                Shared_Key %s
                Self_Hostname sender
                Require_ack_response on
                Retry_Limit no_limits
            """.formatted(senderPort, receiverPort, KEY), 1);
             Socket s = new Socket("127.0.0.1", senderPort)) {
            s.setSoTimeout(10_000);
            MessageUnpacker acks = MessagePack.newDefaultUnpacker(s.getInputStream());
            for (int b = 0; b < 10; b++) {
                send(s, acks, b * 100, 100);
            }
            assertTrue(receiver.awaitRecords(300, 15_000).size() >= 300, "records reach the first receiver:\n"
                + sender.stderr() + receiver.stderr());
            for (int b = 10; b < 15; b++) {
                send(s, acks, b * 100, 100);
            }
            receiver.stop(); // in the middle: some chunks may be in flight, unacked
            all.addAll(receiver.records());
            receiver.close();
            for (int b = 15; b < 25; b++) {
                send(s, acks, b * 100, 100); // the sender buffers and retries while nobody listens
            }
            Thread.sleep(1500);
            receiver = ForwardAgent.start(receiverConfig(receiverPort), 1);
            for (int b = 25; b < total / 100; b++) {
                send(s, acks, b * 100, 100);
            }
            List<ForwardAgent.Printed> second = receiver.awaitRecords(total - all.size(), 60_000);
            Thread.sleep(500);
            second = receiver.records();
            all.addAll(second);
            Map<Long, Integer> seen = new HashMap<>();
            for (ForwardAgent.Printed p : all) {
                long seq = p.num("seq");
                seen.merge(seq, 1, Integer::sum);
                assertEquals("restart " + seq, p.str("msg"));
                assertEquals(0, new java.math.BigDecimal(ForwardClientsTest.date(BASE + seq, seq))
                    .compareTo(new java.math.BigDecimal(p.date())), "EventTime of " + seq + " kept: " + p.date());
            }
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                if (!seen.containsKey((long) i)) {
                    missing.add(i);
                }
            }
            assertTrue(missing.isEmpty(), missing.size() + " records lost, e.g. " + missing.subList(0,
                Math.min(10, missing.size())) + "\nsender:\n" + sender.stderr() + "\nreceiver:\n" + receiver.stderr());
            long dups = seen.values().stream().filter(v -> v > 1).count();
            System.out.println("receiver restart: " + total + " records delivered, " + dups
                + " delivered twice (at-least-once)");
            sender.stop();
        } finally {
            receiver.stop();
            receiver.close();
        }
    }
}
