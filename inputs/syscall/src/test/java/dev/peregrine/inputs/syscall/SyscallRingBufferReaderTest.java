package dev.peregrine.inputs.syscall;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ring buffer protocol on plain memory laid out like the kernel's mapping: records with 8-byte headers,
 * 8-byte alignment, a busy record stopping the drain, discarded records skipped, the consumer position
 * published for the kernel.
 */
class SyscallRingBufferReaderTest {
    private static final int PAGE = 4096;
    private static final int SIZE = 4096;

    private final Runtime rt = Runtime.getSystemRuntime();
    private final Pointer cons = Memory.allocateDirect(rt, PAGE, true);
    private final Pointer prod = Memory.allocateDirect(rt, PAGE + 2L * SIZE, true);
    private long writePos;

    private void write(byte[] payload, int flags) {
        long off = PAGE + (writePos & (SIZE - 1));
        prod.putInt(off, payload.length | flags);
        prod.putInt(off + 4, 0);
        prod.put(off + 8, payload, 0, payload.length);
        writePos += (payload.length + 8 + 7) & ~7L;
        prod.putLong(0, writePos);
    }

    private static byte[] bytes(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void drainsRecordsSkipsDiscardedStopsAtBusy() {
        RingBufferReader r = new RingBufferReader(cons, prod, PAGE, SIZE, () -> { });
        write(bytes(26, 1), 0);
        write(bytes(3, 2), 1 << 30); // discarded
        write(bytes(40, 3), 0);
        List<byte[]> got = new ArrayList<>();
        RingBufferReader.Consumer c = (b, len) -> got.add(java.util.Arrays.copyOf(b, len));
        assertEquals(2, r.drain(c, 100));
        assertEquals(26, got.get(0).length);
        assertEquals(1, got.get(0)[25]);
        assertEquals(40, got.get(1).length);
        assertEquals(3, got.get(1)[0]);
        assertEquals(writePos, cons.getLong(0), "consumer position published");
        assertEquals(0, r.pending());

        long busyAt = writePos;
        write(bytes(10, 4), 1 << 31); // still being written by the kernel
        assertEquals(0, r.drain(c, 100));
        assertEquals(busyAt, cons.getLong(0));
        prod.putInt(PAGE + (busyAt & (SIZE - 1)), 10); // commit
        assertEquals(1, r.drain(c, 100));
        assertEquals(4, got.get(2)[9]);
    }

    @Test
    void respectsTheBatchLimit() {
        RingBufferReader r = new RingBufferReader(cons, prod, PAGE, SIZE, () -> { });
        for (int i = 0; i < 5; i++) {
            write(bytes(16, i), 0);
        }
        List<Integer> got = new ArrayList<>();
        assertEquals(3, r.drain((b, len) -> got.add((int) b[0]), 3));
        assertEquals(2, r.drain((b, len) -> got.add((int) b[0]), 3));
        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }
}
