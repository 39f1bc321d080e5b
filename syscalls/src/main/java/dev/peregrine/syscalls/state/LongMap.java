package dev.peregrine.syscalls.state;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Open-addressing map from {@code long} keys (tids, fd numbers) to values: lookups on the per-event path
 * neither box the key nor allocate.
 */
public final class LongMap<V> {
    private static final long FREE = Long.MIN_VALUE;
    private long[] keys;
    private Object[] vals;
    private int size;
    private int mask;

    public LongMap() {
        this(16);
    }

    public LongMap(int capacity) {
        int cap = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1);
        keys = new long[cap];
        Arrays.fill(keys, FREE);
        vals = new Object[cap];
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return (V) vals[i];
            }
            if (k == FREE) {
                return null;
            }
            i = i + 1 & mask;
        }
    }

    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (key == FREE) {
            throw new IllegalArgumentException("key: " + key + " (reserved)");
        }
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                V old = (V) vals[i];
                vals[i] = value;
                return old;
            }
            if (k == FREE) {
                keys[i] = key;
                vals[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return null;
            }
            i = i + 1 & mask;
        }
    }

    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == FREE) {
                return null;
            }
            if (k == key) {
                V old = (V) vals[i];
                keys[i] = FREE;
                vals[i] = null;
                size--;
                // Backward-shift deletion keeps probe chains intact without tombstones.
                int j = i;
                while (true) {
                    j = j + 1 & mask;
                    long kj = keys[j];
                    if (kj == FREE) {
                        return old;
                    }
                    int home = hash(kj) & mask;
                    boolean between = i <= j ? i < home && home <= j : i < home || home <= j;
                    if (!between) {
                        keys[i] = kj;
                        vals[i] = vals[j];
                        keys[j] = FREE;
                        vals[j] = null;
                        i = j;
                    }
                }
            }
            i = i + 1 & mask;
        }
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(keys, FREE);
        Arrays.fill(vals, null);
        size = 0;
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<Long, V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE) {
                action.accept(keys[i], (V) vals[i]);
            }
        }
    }

    /** Removes the entries whose value {@code test} accepts; allocates only when some are removed. */
    @SuppressWarnings("unchecked")
    public void removeValuesIf(java.util.function.Predicate<? super V> test) {
        long[] doomed = null;
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE && test.test((V) vals[i])) {
                if (doomed == null) {
                    doomed = new long[Math.min(size, 16)];
                } else if (n == doomed.length) {
                    doomed = Arrays.copyOf(doomed, n * 2);
                }
                doomed[n++] = keys[i];
            }
        }
        for (int i = 0; i < n; i++) {
            remove(doomed[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] ok = keys;
        Object[] ov = vals;
        keys = new long[ok.length * 2];
        Arrays.fill(keys, FREE);
        vals = new Object[keys.length];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != FREE) {
                put(ok[i], (V) ov[i]);
            }
        }
    }
}
