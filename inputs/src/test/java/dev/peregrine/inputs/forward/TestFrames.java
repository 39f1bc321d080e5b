package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.config.Env;
import dev.peregrine.pipeline.config.Location;
import dev.peregrine.pipeline.config.Section;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.OptionsResolver;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.ServiceSettings;
import io.netty.channel.EventLoopGroup;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Builds Forward frames with msgpack-core (an encoder written by others) and the plumbing input tests need. */
final class TestFrames {
    private TestFrames() {
    }

    interface Body {
        void write(MessageBufferPacker p) throws IOException;
    }

    static byte[] pack(Body b) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            b.write(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void eventTime(MessageBufferPacker p, long s, long ns) throws IOException {
        p.packExtensionTypeHeader((byte) 0, 8);
        p.writePayload(new byte[] {(byte) (s >>> 24), (byte) (s >>> 16), (byte) (s >>> 8), (byte) s,
            (byte) (ns >>> 24), (byte) (ns >>> 16), (byte) (ns >>> 8), (byte) ns});
    }

    /** A record {"msg": msg, "n": n}. */
    static void record(MessageBufferPacker p, String msg, int n) throws IOException {
        p.packMapHeader(2).packString("msg").packString(msg).packString("n").packInt(n);
    }

    /** count entries [EventTime(1700000000+i, i), {"msg":"m<i>","n":i}]. */
    static byte[] entries(int count) {
        return pack(p -> {
            for (int i = 0; i < count; i++) {
                p.packArrayHeader(2);
                eventTime(p, 1700000000L + i, i);
                record(p, "m" + i, i);
            }
        });
    }

    static byte[] forward(String tag, int count, String chunk) {
        return pack(p -> {
            p.packArrayHeader(chunk == null ? 2 : 3).packString(tag).packArrayHeader(count);
            p.writePayload(entries(count));
            if (chunk != null) {
                p.packMapHeader(1).packString("chunk").packString(chunk);
            }
        });
    }

    static byte[] packed(String tag, byte[] payload, Map<String, String> opts) {
        return pack(p -> {
            p.packArrayHeader(opts == null ? 2 : 3).packString(tag).packBinaryHeader(payload.length);
            p.writePayload(payload);
            if (opts != null) {
                p.packMapHeader(opts.size());
                for (var e : opts.entrySet()) {
                    p.packString(e.getKey()).packString(e.getValue());
                }
            }
        });
    }

    static byte[] message(String tag, long time, String msg, String chunk) {
        return pack(p -> {
            p.packArrayHeader(chunk == null ? 3 : 4).packString(tag).packLong(time);
            record(p, msg, 0);
            if (chunk != null) {
                p.packMapHeader(1).packString("chunk").packString(chunk);
            }
        });
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** What a sink received: one append. */
    record Append(String tag, List<Event> events) {
    }

    /** Collects appends; can be told to act on each (e.g. to pause the input). */
    static final class CollectingSink implements InputSink {
        final List<Append> appends = java.util.Collections.synchronizedList(new ArrayList<>());
        final String tag;
        final boolean tagSet;
        volatile Consumer<Append> onAppend;

        CollectingSink(String tag, boolean tagSet) {
            this.tag = tag;
            this.tagSet = tagSet;
        }

        @Override
        public String tag() {
            return tag;
        }

        @Override
        public boolean tagSet() {
            return tagSet;
        }

        @Override
        public void append(String tag, List<Event> events) {
            Append a = new Append(tag, List.copyOf(events));
            appends.add(a);
            Consumer<Append> c = onAppend;
            if (c != null) {
                c.accept(a);
            }
        }

        @Override
        public boolean paused() {
            return false;
        }

        @Override
        public void requestShutdown() {
        }

        int records() {
            synchronized (appends) {
                return appends.stream().mapToInt(a -> a.events().size()).sum();
            }
        }

        List<Event> events() {
            synchronized (appends) {
                return appends.stream().flatMap(a -> a.events().stream()).toList();
            }
        }
    }

    static Options options(Map<String, String> kv) {
        Section s = new Section("INPUT", new Location("test.conf", 1));
        s.add("name", "forward", new Location("test.conf", 2));
        int line = 3;
        for (var e : kv.entrySet()) {
            for (String v : e.getValue().split("\n")) {
                s.add(e.getKey().toLowerCase(java.util.Locale.ROOT), v, new Location("test.conf", line++));
            }
        }
        List<dev.peregrine.pipeline.config.ConfigError> errors = new ArrayList<>();
        Options o = OptionsResolver.resolve(new ForwardInputFactory(), s, Env.system(Map.of()), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        return o;
    }

    static PluginContext context(Map<String, String> kv, EventLoopGroup group) {
        Options o = options(kv);
        Log log = Log.of("input:forward:forward.0");
        return new PluginContext() {
            @Override
            public String name() {
                return "forward.0";
            }

            @Override
            public Options options() {
                return o;
            }

            @Override
            public Log log() {
                return log;
            }

            @Override
            public ParserRegistry parsers() {
                return new ParserRegistry();
            }

            @Override
            public ServiceSettings service() {
                return ServiceSettings.DEFAULTS;
            }

            @Override
            public EventLoopGroup eventLoops() {
                return group;
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return null;
            }

            @Override
            public InstanceMetrics metrics() {
                return new InstanceMetrics("forward.0", "records", "bytes");
            }
        };
    }
}
