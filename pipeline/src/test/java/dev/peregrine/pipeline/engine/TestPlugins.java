package dev.peregrine.pipeline.engine;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.FilterFactory;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Output;
import dev.peregrine.pipeline.plugin.OutputFactory;
import dev.peregrine.pipeline.plugin.PluginContext;
import dev.peregrine.pipeline.plugin.PluginRegistry;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugins for engine tests: an input the test drives by hand, and an output that records what it receives and
 * answers from a script (e.g. RETRY twice, then OK), the way a real output answers when its peer is down.
 */
final class TestPlugins {
    static final class ManualInput implements Input {
        volatile InputSink sink;
        /** What the engine passed to selectEventTypes, and whether that came before start. */
        volatile java.util.Set<String> selected;
        volatile boolean selectedBeforeStart;
        /** What the engine passed to handOnEventTypes. */
        volatile java.util.Set<String> handedOn;
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();

        @Override
        public void start(InputSink sink) {
            this.sink = sink;
        }

        @Override
        public void selectEventTypes(java.util.Set<String> types) {
            selected = types;
            selectedBeforeStart = sink == null;
        }

        @Override
        public void handOnEventTypes(java.util.Set<String> types) {
            handedOn = types;
        }

        @Override
        public void pause() {
            pauses.incrementAndGet();
        }

        @Override
        public void resume() {
            resumes.incrementAndGet();
        }

        void send(String tag, int n, String field) {
            sink.append(tag, events(n, field));
        }

        /** {@code n} records {"n": i, "f": field}. */
        static List<Event> events(int n, String field) {
            List<Event> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(Event.of(new EventTime(1700000000L + i, 0),
                    ValueFactory.newMap(ValueFactory.newString("n"), ValueFactory.newInteger(i),
                        ValueFactory.newString("f"), ValueFactory.newString(field))));
            }
            return l;
        }
    }

    static final class ScriptedOutput implements Output {
        final Queue<FlushResult> script = new ConcurrentLinkedQueue<>();
        final List<Chunk> received = Collections.synchronizedList(new ArrayList<>());
        final List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
        volatile long delayMillis;

        @Override
        public CompletionStage<FlushResult> flush(Chunk chunk) {
            attemptsAt.add(System.currentTimeMillis());
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            FlushResult r = script.poll();
            if (r == null) {
                r = FlushResult.OK;
            }
            if (r == FlushResult.OK) {
                received.add(chunk);
            }
            return CompletableFuture.completedFuture(r);
        }

        int records() {
            synchronized (received) {
                return received.stream().mapToInt(Chunk::size).sum();
            }
        }
    }

    /** A filter that drops records whose "f" is "drop" and splits those whose "f" is "split" into two. */
    static final class DropSplitFilter implements Filter {
        @Override
        public void filter(String tag, Event event, FilterOutput out) {
            String f = event.body().map().get(ValueFactory.newString("f")).toString();
            switch (f) {
                case "drop" -> {
                }
                case "split" -> {
                    out.keep(event);
                    out.keep(event);
                }
                case "retag" -> out.emit("retagged." + tag, event.withBody(ValueFactory.newMap(
                    ValueFactory.newString("f"), ValueFactory.newString("moved"))));
                default -> out.keep(event);
            }
        }
    }

    /** A filter that passes everything and names the event types of its "types" option. */
    static final class TypesFilter implements Filter {
        final java.util.Set<String> types;

        final boolean dropsOthers;

        TypesFilter(List<String> types, boolean dropsOthers) {
            this.types = java.util.Set.copyOf(types);
            this.dropsOthers = dropsOthers;
        }

        @Override
        public boolean dropsOtherEventTypes() {
            return dropsOthers;
        }

        @Override
        public void filter(String tag, Event event, FilterOutput out) {
            out.keep(event);
        }

        @Override
        public java.util.Set<String> eventTypes() {
            return types;
        }
    }

    /**
     * A filter that says it may block ({@link Filter#mayBlock}) and does, for records whose "f" is "wait", until
     * {@link #release} is counted down; it notes the threads it ran on.
     */
    static final class WaitingFilter implements Filter {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public void filter(String tag, Event event, FilterOutput out) {
            threads.add(Thread.currentThread().getName());
            if (event.body().map().get(ValueFactory.newString("f")).toString().equals("wait")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.keep(event);
        }
    }

    final ManualInput input = new ManualInput();
    final WaitingFilter waiting = new WaitingFilter();
    final List<ScriptedOutput> outputs = new ArrayList<>();

    PluginRegistry registry() {
        PluginRegistry r = new PluginRegistry();
        r.register(new InputFactory() {
            @Override
            public String name() {
                return "manual";
            }

            @Override
            public String description() {
                return "test input";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of();
            }

            @Override
            public Input create(PluginContext context) {
                return input;
            }
        });
        r.register(new FilterFactory() {
            @Override
            public String name() {
                return "dropsplit";
            }

            @Override
            public String description() {
                return "test filter";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of();
            }

            @Override
            public Filter create(PluginContext context) {
                return new DropSplitFilter();
            }
        });
        r.register(new FilterFactory() {
            @Override
            public String name() {
                return "waiting";
            }

            @Override
            public String description() {
                return "test filter that may block";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of();
            }

            @Override
            public Filter create(PluginContext context) {
                return waiting;
            }
        });
        OptionSpec types = OptionSpec.clist("types", "", "event types needed");
        OptionSpec dropsOthers = OptionSpec.bool("drops_others", "false", "drops events of other types");
        r.register(new FilterFactory() {
            @Override
            public String name() {
                return "types";
            }

            @Override
            public String description() {
                return "test filter naming event types";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of(types, dropsOthers);
            }

            @Override
            public Filter create(PluginContext context) {
                return new TypesFilter(context.options().list(types), context.options().bool(dropsOthers));
            }
        });
        r.register(new OutputFactory() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public String description() {
                return "test output";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of(OptionSpec.str("label", null, "test label"));
            }

            @Override
            public Output create(PluginContext context) {
                ScriptedOutput o = new ScriptedOutput();
                outputs.add(o);
                return o;
            }
        });
        return r;
    }
}
