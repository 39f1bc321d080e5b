package dev.peregrine.bench.fuzz;

import dev.peregrine.filters.falco.parse.ConditionParser;
import dev.peregrine.filters.falco.parse.ConditionSyntaxException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fuzzes the Falco condition parser: documented error is {@link ConditionSyntaxException}. */
public final class ConditionParserFuzz {
    private ConditionParserFuzz() {
    }

    public static final List<String> CORPUS = List.of(
        "evt.type = open and proc.name = cat",
        "(evt.type in (open, openat) or evt.type=execve) and not proc.name startswith \"sys\"",
        "fd.name contains /etc and user.uid != 0",
        "proc.aname[2] = bash and evt.arg.flags contains O_WRONLY",
        "not (container.id exists) or k8s.ns.name icontains 'kube'",
        "evt.rawres >= 0 and fd.num < 100 and proc.pid > 1",
        "val(proc.name) = proc.pname and tolower(proc.name) glob '*sh'",
        "fd.sip in (\"10.0.0.1\", \"10.0.0.2\") and fd.sport pmatch (80, 443)",
        "evt.dir = < and evt.type = connect and fd.typechar = 4",
        "macro_a and (list_b or evt.buffer bcontains 0a0b)");
    public static final List<String> DICTIONARY = List.of("(", ")", " and ", " or ", " not ", " = ", " != ", " in ",
        " contains ", " startswith ", " exists", "\"", "'", "\\", ",", "[", "]", "evt.type", "proc.name", "val(",
        "tolower(", " glob ", " pmatch ", " intersects ", "0x", "-", "1e9", "((((((((((", "))))))))))", "<", ">=",
        "%", "fd.name[", "\u00e9", "\u0000");

    public static ConditionParserFuzzTarget target() {
        return in -> {
            String s = new String(in, StandardCharsets.UTF_8);
            ConditionParser.parse(s);
            ConditionParser.parsePartial(s);
            ConditionParser.parseFieldOrTransformer(s);
        };
    }

    /** The target as a named type, for the harness. */
    public interface ConditionParserFuzzTarget extends FuzzHarness.Target {
    }

    public static void main(String[] args) throws Exception {
        long seed = FuzzHarness.seed(args);
        Mutator m = new Mutator(seed, CORPUS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
            DICTIONARY);
        long bad = new FuzzHarness("condition-parser", target(), t -> t instanceof ConditionSyntaxException, 2000)
            .run(m, seed, FuzzHarness.seconds(args));
        System.exit(bad == 0 ? 0 : 1);
    }
}
