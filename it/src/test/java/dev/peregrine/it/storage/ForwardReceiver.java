package dev.peregrine.it.storage;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A Forward server for the storage tests: counts every record by its "seq" field, or the "seq=N" in a tailed line's
 * "log" (so duplicates show), and acks
 * frames that ask for it. It can be stopped and started on the same port to play an output outage.
 */
final class ForwardReceiver implements AutoCloseable {
    final int port;
    /** seq -> times received. */
    final Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    ForwardReceiver(int port) {
        this.port = port;
    }

    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread t = new Thread(() -> accept(s), "receiver-accept");
        t.setDaemon(true);
        t.start();
    }

    synchronized void stop() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing to simulate an outage.
            }
        }
        for (Socket c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Idem.
            }
        }
        clients.clear();
    }

    long distinct() {
        return seen.size();
    }

    long total() {
        return seen.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                clients.add(c);
                Thread t = new Thread(() -> serve(c), "receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; MessageUnpacker u = MessagePack.newDefaultUnpacker(c.getInputStream())) {
            MessagePacker out = MessagePack.newDefaultPacker(c.getOutputStream());
            while (u.hasNext()) {
                ArrayValue frame = u.unpackValue().asArrayValue();
                Value second = frame.get(1);
                MapValue options = null;
                if (second.isArrayValue()) {
                    for (Value entry : second.asArrayValue()) {
                        count(entry.asArrayValue());
                    }
                    options = frame.size() > 2 ? frame.get(2).asMapValue() : null;
                } else if (second.isBinaryValue() || second.isStringValue()) {
                    byte[] b = second.isBinaryValue() ? second.asBinaryValue().asByteArray()
                        : second.asStringValue().asByteArray();
                    options = frame.size() > 2 ? frame.get(2).asMapValue() : null;
                    Value comp = options == null ? null : options.map().get(ValueFactory.newString("compressed"));
                    InputStream in = new ByteArrayInputStream(b);
                    if (comp != null) {
                        in = new GZIPInputStream(in);
                    }
                    try (MessageUnpacker eu = MessagePack.newDefaultUnpacker(in)) {
                        while (eu.hasNext()) {
                            count(eu.unpackValue().asArrayValue());
                        }
                    }
                } else {
                    count(ValueFactory.newArray(second, frame.get(2)));
                    options = frame.size() > 3 ? frame.get(3).asMapValue() : null;
                }
                Value chunk = options == null ? null : options.map().get(ValueFactory.newString("chunk"));
                if (chunk != null) {
                    out.packMapHeader(1).packString("ack").packString(chunk.asStringValue().asString());
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A connection the agent (or the test) dropped: the agent resends what was not acked.
        }
    }

    private void count(ArrayValue entry) {
        MapValue body = entry.get(entry.size() - 1).asMapValue();
        Value seq = body.map().get(ValueFactory.newString("seq"));
        if (seq != null) {
            seen.computeIfAbsent(seq.asIntegerValue().toLong(), k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        // A tailed line: {"log": "... seq=<n> ..."}.
        Value log = body.map().get(ValueFactory.newString("log"));
        if (log != null && log.isStringValue()) {
            String s = log.asStringValue().asString();
            int at = s.indexOf("seq=");
            if (at >= 0) {
                int end = at + 4;
                while (end < s.length() && Character.isDigit(s.charAt(end))) {
                    end++;
                }
                seen.computeIfAbsent(Long.parseLong(s.substring(at + 4, end)), k -> new AtomicInteger())
                    .incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
