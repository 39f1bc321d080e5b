package dev.peregrine.inputs.tail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OffsetMarkerTest {
    /** Reference values from the xxHash library's XXH3_64bits on bytes (i * 37 + 11), one per input length path. */
    @Test
    void matchesXxh3ForEveryShortLength() {
        byte[] b = new byte[40];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        long[][] expected = {
            {0, 0x2d06800538d394c2L}, {1, 0x4a4139caf4136257L}, {3, 0x505118c313121c0eL},
            {4, 0x3f6889ef166b4ad1L}, {8, 0x93f1200f9be82671L}, {9, 0x05b2fd4d97edcdaeL},
            {16, 0x2e4359e2a04a5e32L}, {17, 0xf60c53684bbc489dL}, {31, 0xa2ee08c196bd0790L},
            {32, 0x664864df0876efc6L},
        };
        for (long[] e : expected) {
            assertEquals(e[1], OffsetMarker.hash(b, 0, (int) e[0]), "length " + e[0]);
        }
    }
}
