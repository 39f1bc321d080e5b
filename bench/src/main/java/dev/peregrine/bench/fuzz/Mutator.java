package dev.peregrine.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Seeded mutations of a corpus: bit flips, truncation, byte and dictionary-token insertion, splicing. */
public final class Mutator {
    private final Random rnd;
    private final List<byte[]> corpus;
    private final List<byte[]> dictionary;

    public Mutator(long seed, List<byte[]> corpus, List<String> dictionary) {
        this.rnd = new Random(seed);
        this.corpus = corpus;
        this.dictionary = dictionary.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public Random random() {
        return rnd;
    }

    /** A corpus entry with 0..7 stacked mutations (0 keeps valid inputs in the mix). */
    public byte[] next() {
        byte[] b = corpus.get(rnd.nextInt(corpus.size())).clone();
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        int len = b.length;
        switch (rnd.nextInt(7)) {
            case 0 -> {
                if (len > 0) {
                    b[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                if (len > 0) {
                    b[rnd.nextInt(len)] = (byte) interesting();
                }
                return b;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(b, len == 0 ? 0 : rnd.nextInt(len));
            }
            case 3 -> {
                return insert(b, new byte[] {(byte) rnd.nextInt(256)});
            }
            case 4 -> {
                return dictionary.isEmpty() ? b : insert(b, dictionary.get(rnd.nextInt(dictionary.size())));
            }
            case 5 -> {
                byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                int cut = len == 0 ? 0 : rnd.nextInt(len);
                int from = other.length == 0 ? 0 : rnd.nextInt(other.length);
                byte[] out = java.util.Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            default -> {
                if (len < 2) {
                    return b;
                }
                int from = rnd.nextInt(len);
                int n = 1 + rnd.nextInt(Math.min(64, len - from));
                byte[] piece = java.util.Arrays.copyOfRange(b, from, from + n);
                return insert(b, piece); // repetition: deep nesting, repeated sections
            }
        }
    }

    private int interesting() {
        int[] v = {0x00, 0x7f, 0x80, 0xff, 0xc0, 0xc1, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xce, 0xcf, 0xd7, 0xc6,
            0xc7, 0x90, 0x9f, 0x80, 0x8f, '\n', '\r', ' ', '$', '{', '}', '(', ')', '"', '\'', '\\'};
        return v[rnd.nextInt(v.length)];
    }

    private byte[] insert(byte[] b, byte[] piece) {
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }
}
