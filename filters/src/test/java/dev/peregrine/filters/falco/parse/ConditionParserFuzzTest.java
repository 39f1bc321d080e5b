package dev.peregrine.filters.falco.parse;

import dev.peregrine.pipeline.fuzz.ByteMutator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Short seeded fuzz of the Falco condition parser: only ConditionSyntaxException may come out. The long-running
 * version is bench's ConditionParserFuzz.
 */
class ConditionParserFuzzTest {
    static final List<String> CORPUS = List.of("evt.type = open and proc.name = cat",
        "(evt.type in (open, openat) or evt.type=execve) and not proc.name startswith \"sys\"",
        "fd.name contains /etc and user.uid != 0", "proc.aname[2] = bash and evt.arg.flags contains O_WRONLY",
        "not (container.id exists) or k8s.ns.name icontains 'kube'",
        "val(proc.name) = proc.pname and tolower(proc.name) glob '*sh'",
        "fd.sip in (\"10.0.0.1\", \"10.0.0.2\") and fd.sport pmatch (80, 443)");
    static final List<String> DICT = List.of("(", ")", " and ", " or ", " not ", " = ", " in ", " contains ", "\"",
        "'", "\\", ",", "[", "]", "val(", "((((((((((", "))))))))))", "<", ">=", "0x", "-");

    @Test
    void seededMutations_onlySyntaxErrors() {
        Random r = new Random(Long.getLong("fuzz.seed", 7L));
        List<byte[]> dict = DICT.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        long end = System.currentTimeMillis() + Long.getLong("fuzz.millis", 3000L);
        List<String> crashes = new ArrayList<>();
        int inputs = 0;
        while (System.currentTimeMillis() < end) {
            byte[] in = CORPUS.get(r.nextInt(CORPUS.size())).getBytes(StandardCharsets.UTF_8);
            for (int i = r.nextInt(8); i > 0; i--) {
                in = ByteMutator.mutate(r, in, dict);
            }
            inputs++;
            String s = new String(in, StandardCharsets.UTF_8);
            try {
                ConditionParser.parse(s);
            } catch (ConditionSyntaxException e) {
                // documented
            } catch (RuntimeException | Error e) {
                crashes.add(e + " on " + s);
            }
            try {
                ConditionParser.parsePartial(s);
            } catch (ConditionSyntaxException e) {
                // documented
            } catch (RuntimeException | Error e) {
                crashes.add(e + " (partial) on " + s);
            }
        }
        System.out.println("condition parser fuzz: " + inputs + " inputs, " + crashes.size() + " crashes");
        assertEquals(List.of(), crashes.subList(0, Math.min(5, crashes.size())));
    }
}
