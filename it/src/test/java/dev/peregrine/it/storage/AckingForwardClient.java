package dev.peregrine.it.storage;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends numbered records in Forward mode with {"chunk": id} and counts a batch as acknowledged only once its ack
 * arrives; a batch whose connection fails before the ack is sent again (at-least-once, as fluentd/Fluent Bit
 * clients do). Survives the agent being killed and restarted under it.
 */
final class AckingForwardClient {
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final int port;
    private final int batch;
    private final String padding;
    private Socket socket;
    private MessageUnpacker in;
    private OutputStream out;
    private int chunkIds;
    volatile long resends;

    AckingForwardClient(int port, int batch) {
        this(port, batch, 0);
    }

    /** {@code padding}: extra bytes in every record, to fill chunks quickly. */
    AckingForwardClient(int port, int batch, int padding) {
        this.port = port;
        this.batch = batch;
        this.padding = "p".repeat(padding);
    }

    /** Sends records [from, from + batch) until acknowledged or {@code deadline} passes. */
    boolean sendBatch(long from, long deadline) throws InterruptedException {
        byte[] frame = frame(from, "c" + (chunkIds++));
        while (System.currentTimeMillis() < deadline) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    socket.setSoTimeout(5000);
                    out = socket.getOutputStream();
                    in = MessagePack.newDefaultUnpacker(socket.getInputStream());
                }
                out.write(frame);
                out.flush();
                MapValue ack = in.unpackValue().asMapValue();
                if (ack.map().get(ValueFactory.newString("ack")) != null) {
                    for (long s = from; s < from + batch; s++) {
                        acked.add(s);
                    }
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                close();
                resends++;
                Thread.sleep(100);
            }
        }
        return false;
    }

    private byte[] frame(long from, String chunk) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("crash.test").packArrayHeader(batch);
            for (long s = from; s < from + batch; s++) {
                p.packArrayHeader(2).packLong(1_700_000_000L + s);
                p.packMapHeader(2).packString("seq").packLong(s).packString("msg")
                    .packString("record number " + s + " padding padding padding padding" + padding);
            }
            p.packMapHeader(1).packString("chunk").packString(chunk);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Reconnecting anyway.
            }
        }
        socket = null;
    }
}
