package dev.peregrine.pipeline.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time searches find what a byte-by-byte loop finds, at every alignment and with near-miss bytes. */
class ByteScanTest {
    private static final byte[] ALPHABET = {'\n', '"', '\\', 'a', 0, (byte) 0x80, (byte) 0x8a, 0x0b, 0x09, 0x22 + 1,
        0x5c - 1, (byte) 0xff};

    @Test
    void searches_matchTheNaiveLoop() {
        Random r = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(40)];
            int density = 1 + r.nextInt(30);
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(density) == 0 ? ALPHABET[r.nextInt(3)] : ALPHABET[3 + r.nextInt(ALPHABET.length - 3)];
            }
            int from = b.length == 0 ? 0 : r.nextInt(b.length);
            int to = from + r.nextInt(b.length - from + 1);
            int nl = -1;
            int qb = to;
            for (int i = to - 1; i >= from; i--) {
                if (b[i] == '\n') {
                    nl = i;
                }
                if (b[i] == '"' || b[i] == '\\') {
                    qb = i;
                }
            }
            assertEquals(nl, ByteScan.indexOfNewline(b, from, to));
            assertEquals(qb, ByteScan.indexOfQuoteOrBackslash(b, from, to));
        }
    }
}
