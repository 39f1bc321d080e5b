package dev.peregrine.syscalls.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LongMapTest {
    @Test
    void randomOperations_matchHashMap() {
        Random rnd = new Random(1);
        LongMap<Long> m = new LongMap<>(4);
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long k = rnd.nextInt(5000) - 100;
            switch (rnd.nextInt(3)) {
                case 0: assertEquals(ref.put(k, (long) i), m.put(k, (long) i)); break;
                case 1: assertEquals(ref.remove(k), m.remove(k)); break;
                default: assertEquals(ref.get(k), m.get(k)); break;
            }
            assertEquals(ref.size(), m.size());
        }
        ref.forEach((k, v) -> assertEquals(v, m.get(k)));
    }
}
