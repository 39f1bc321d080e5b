package dev.peregrine.bench;

import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.filters.falco.compile.Filter;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.extract.SyscallFieldSource;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.StateTracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question: how many syscall events per second can one core run through Falco's stable + incubating + sandbox
 * rules (93 rules, 81 enabled), and how much does that allocate per event?
 *
 * <p>Data: {@link EventMix}, 1024 distinct events of a busy node (read 26%, write 20%, openat 22%, close 18%,
 * connect 5%, execve 3%, accept4 2%, mkdirat/unlinkat/setuid/clone 1% each), cycled; 18 of them match a rule.
 * read, write, close and clone (65% of the mix) have no candidate rule in these files: the filter rejects them by
 * event type alone, and once the syscall input is told which event types the rules need they are not captured at
 * all. The cost is in the other 35% (openat: 22 candidates, execve: 38). Each operation is one event: candidates
 * by event type, then conditions in definition order; {@code first} stops at the first match (Falco's default).
 * Alert formatting is not included (alerts are rare; see the falco filter for that path).
 *
 * <p>Parameters: {@code source=synthetic} reads field values from a table prepared per event (the rule engine
 * alone; the pool is small enough to stay cache-warm, as an event is right after decoding). {@code source=syscall}
 * turns the same events into driver exit events over a {@link StateTracker} holding the node's processes,
 * ancestry, users, containers (cgroups) and open fds ({@link SyscallEventMix}); each operation applies the event to
 * the tracker and extracts fields with {@link SyscallFieldSource}, the work a real run does per decoded event
 * (same 18 matches). {@code conditions=general} runs the rules' conditions as compiled, {@code specialized} what
 * the rule index hands out (specialised per event type, shared subconditions once per event): their ratio, in
 * one run, is what those two steps gain.
 *
 * <p>Run (README): {@code mvn -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
 * RuleEvalBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2 -prof gc}. Rules come from {@code $PEREGRINE_SHARED/falco-rules}
 * (default {@code ../shared} next to the repository, or {@code -Dperegrine.shared=DIR}). On a shared machine,
 * {@link RuleEvalCpu} measures the same workload per CPU-second of the evaluating thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvalBenchmark {
    static final int EVENTS = 1024;

    @Param({"stable+incubating+sandbox"})
    public String rules;

    @Param({"first"})
    public String matching;

    /**
     * {@code specialized}: the rule set's candidates, conditions specialised per event type with their shared
     * subconditions evaluated once per event (what the filter runs); {@code general}: the same rules with their
     * conditions as compiled, the baseline for both.
     */
    @Param({"general", "specialized"})
    public String conditions;

    /**
     * {@code synthetic}: field values read from a table prepared per event (the rule engine alone);
     * {@code syscall}: the same events as driver exit events, applied to a {@link StateTracker} holding the node's
     * processes, fds, users and containers, with fields extracted by {@link SyscallFieldSource} (a real run's work
     * per event after decoding).
     */
    @Param({"synthetic", "syscall"})
    public String source;

    private RuleSet ruleSet;
    private SyntheticEvent[] events;
    private SyscallEvent[] syscallEvents;
    private int[] typeIndexes;
    private StateTracker tracker;
    private final SyscallFieldSource fields = new SyscallFieldSource();
    private final SyntheticEvent.MemoTable memo = new SyntheticEvent.MemoTable();
    private boolean all;
    private int matchesPerCycle;
    /** Candidate filters per event type index, in rule order. */
    private Filter[][] candidates;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<String> files = switch (rules) {
            case "stable" -> List.of("falco_rules.yaml");
            case "stable+incubating+sandbox" -> List.of("falco_rules.yaml", "falco-incubating_rules.yaml",
                    "falco-sandbox_rules.yaml");
            default -> throw new IllegalArgumentException("rules: " + rules
                    + " (expected: stable or stable+incubating+sandbox)");
        };
        Path dir = sharedDir().resolve("falco-rules");
        RuleLoader loader = new RuleLoader();
        for (String f : files) {
            loader.load(f, Files.readString(dir.resolve(f)));
        }
        ruleSet = loader.compile();
        if (ruleSet == null) {
            throw new IllegalStateException("rules did not load: " + loader.result());
        }
        candidates = new Filter[EventTypeNames.count()][];
        for (int t = 0; t < candidates.length; t++) {
            CompiledRule[] rs = ruleSet.candidates(t);
            candidates[t] = new Filter[rs.length];
            for (int i = 0; i < rs.length; i++) {
                candidates[t][i] = switch (conditions) {
                    case "specialized" -> rs[i].filter();
                    case "general" -> ruleSet.rule(rs[i].name()).filter();
                    default -> throw new IllegalArgumentException("conditions: " + conditions
                            + " (expected: general or specialized)");
                };
            }
        }
        List<SyntheticEvent> mix = EventMix.generate(EVENTS, 42);
        events = mix.toArray(new SyntheticEvent[0]);
        for (SyntheticEvent e : events) {
            e.memo = memo;
        }
        typeIndexes = mix.stream().mapToInt(e -> e.typeIndex).toArray();
        if (source.equals("syscall")) {
            SyscallEventMix m = new SyscallEventMix(mix);
            tracker = m.tracker;
            syscallEvents = m.events;
        } else if (!source.equals("synthetic")) {
            throw new IllegalArgumentException("source: " + source + " (expected: synthetic or syscall)");
        }
        all = matching.equals("all");
        // touch every field once so the per-event field caches are filled before measurement; for the syscall
        // source the first pass also settles the state the stream cycles through. Only this source's events run
        // here: evaluating the other source's too would teach the JIT a second FieldSource type.
        if (syscallEvents != null) {
            evaluateSyscall();
            matchesPerCycle = evaluateSyscall();
        } else {
            matchesPerCycle = evaluateSynthetic();
        }
    }

    static Path sharedDir() {
        String prop = System.getProperty("peregrine.shared");
        String env = System.getenv("PEREGRINE_SHARED");
        for (String s : new String[] {prop, env}) {
            if (s != null && !s.isBlank() && Files.isDirectory(Path.of(s, "falco-rules"))) {
                return Path.of(s);
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(candidate.resolve("falco-rules"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared data not found: set PEREGRINE_SHARED or -Dperegrine.shared");
    }

    private int evaluate(int typeIndex, FieldSource e) {
        int n = 0;
        for (Filter f : candidates[typeIndex]) {
            if (f.matches(e)) {
                n++;
                if (!all) {
                    break;
                }
            }
        }
        return n;
    }

    /** Events of one pass over the stream that matched a rule (both sources must agree). */
    int matchesPerCycle() {
        return matchesPerCycle;
    }

    /** One operation = one event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void evaluate(Blackhole bh) {
        int matches = syscallEvents != null ? evaluateSyscall() : evaluateSynthetic();
        if (bh != null) {
            bh.consume(matches);
        }
    }

    private int evaluateSyscall() {
        int[] types = typeIndexes;
        int matches = 0;
        SyscallEvent[] evs = syscallEvents;
        for (int i = 0; i < evs.length; i++) {
            fields.set(tracker.apply(evs[i]));
            matches += evaluate(types[i], fields);
        }
        return matches;
    }

    private int evaluateSynthetic() {
        int[] types = typeIndexes;
        int matches = 0;
        SyntheticEvent[] evs = events;
        SyntheticEvent.MemoTable m = memo;
        for (int i = 0; i < evs.length; i++) {
            m.next();
            matches += evaluate(types[i], evs[i]);
        }
        return matches;
    }
}
