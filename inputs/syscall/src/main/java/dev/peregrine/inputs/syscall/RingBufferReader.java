package dev.peregrine.inputs.syscall;

import jnr.ffi.Pointer;

import java.lang.invoke.VarHandle;

/**
 * Consumes a BPF ring buffer straight from its memory mapping, without libbpf's callback: in the measured proof
 * this decoded 2.0M events/s per core against 1.56M through a jnr callback, and it needs no wakeups (the BPF side
 * submits with {@code BPF_RB_NO_WAKEUP}; we drain on a timer).
 *
 * <p>Layout (kernel/bpf/ringbuf.c): the consumer page holds {@code consumer_pos}, the producer page
 * {@code producer_pos}; data follows the producer page and is mapped twice so a record never wraps. Each record
 * has an 8-byte header {@code u32 len} (with BUSY and DISCARD bits) and {@code u32 pg_off}, and records are
 * 8-byte aligned. One consumer thread only.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HDR = 8;

    /**
     * Receives one record in {@code buf[0..len)}: a scratch array reused for the next record, so the consumer
     * copies what it keeps (allocating only what an event needs keeps the garbage collector's pauses, which
     * the ring buffer must absorb, short).
     */
    public interface Consumer {
        void accept(byte[] buf, int len);
    }

    private final Pointer consumerPage;
    private final Pointer producerPage;
    private final long dataOffset;
    private final long mask;
    private final Runnable unmap;
    private long consumerPos;
    private boolean closed;
    private byte[] scratch = new byte[65536];

    RingBufferReader(Pointer consumerPage, Pointer producerPage, long pageSize, long size, Runnable unmap) {
        this.consumerPage = consumerPage;
        this.producerPage = producerPage;
        this.dataOffset = pageSize;
        this.mask = size - 1;
        this.unmap = unmap;
        this.consumerPos = consumerPage.getLong(0);
    }

    /**
     * Reads the records available now, at most {@code max}; returns how many were handed to {@code c}.
     * The consumer position is published after the batch, which frees the space for the kernel.
     */
    public int drain(Consumer c, int max) {
        VarHandle.acquireFence();
        long prod = producerPage.getLong(0);
        VarHandle.acquireFence();
        int n = 0;
        long pos = consumerPos;
        while (pos < prod && n < max) {
            long off = dataOffset + (pos & mask);
            int hdr = producerPage.getInt(off);
            VarHandle.acquireFence();
            if ((hdr & BUSY) != 0) {
                break; // still being written; the next drain takes it
            }
            int len = hdr & ~(BUSY | DISCARD);
            if ((hdr & DISCARD) == 0) {
                if (len > scratch.length) {
                    scratch = new byte[len];
                }
                producerPage.get(off + HDR, scratch, 0, len);
                c.accept(scratch, len);
                n++;
            }
            pos += (len + HDR + 7) & ~7L;
        }
        if (pos != consumerPos) {
            consumerPos = pos;
            VarHandle.releaseFence();
            consumerPage.putLong(0, pos);
            VarHandle.fullFence();
        }
        return n;
    }

    /** Bytes written by the kernel and not consumed yet. */
    public long pending() {
        VarHandle.acquireFence();
        return producerPage.getLong(0) - consumerPos;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            unmap.run();
        }
    }
}
