package dev.peregrine.filters.falco.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Short seeded fuzz of the Falco condition parser: only ConditionSyntaxException may come out. The long-running
 * version is bench's ConditionParserFuzz.
 */
class ConditionParserFuzzTest {
    /** Seeded mutation: bit flip, truncation, dictionary or byte insertion, repetition. */
    static byte[] mutate(Random r, byte[] b, List<byte[]> dict) {
        int len = b.length;
        switch (r.nextInt(5)) {
            case 0 -> {
                if (len > 0) {
                    b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
            }
            case 2 -> {
                return insert(r, b, dict.isEmpty() ? new byte[] {(byte) r.nextInt(256)} : dict.get(r.nextInt(dict.size())));
            }
            case 3 -> {
                return insert(r, b, new byte[] {(byte) r.nextInt(256)});
            }
            default -> {
                if (len < 2) {
                    return b;
                }
                int from = r.nextInt(len);
                return insert(r, b, Arrays.copyOfRange(b, from, from + 1 + r.nextInt(Math.min(32, len - from))));
            }
        }
    }

    static byte[] insert(Random r, byte[] b, byte[] piece) {
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

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
                in = mutate(r, in, dict);
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
