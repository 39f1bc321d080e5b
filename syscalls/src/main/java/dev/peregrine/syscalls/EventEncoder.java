package dev.peregrine.syscalls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes events in the driver wire format ({@code struct ppm_evt_hdr} + {@code u16} lengths + data), with each
 * parameter's width taken from {@link EventTable}. For sources that synthesize events (meta events, tests)
 * and for building captures by hand; not on the hot path.
 */
public final class EventEncoder {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final int[] lens = new int[64];
    private int code;
    private long ts;
    private long tid;
    private int n;

    /** Starts an event of {@code code} for thread {@code tid} at {@code ts} ns. */
    public EventEncoder start(int code, long ts, long tid) {
        if (EventTable.get(code) == null) {
            throw new IllegalArgumentException("event code: " + code + " (expected: 0.." + (EventTable.size() - 1) + ")");
        }
        this.code = code;
        this.ts = ts;
        this.tid = tid;
        this.n = 0;
        data.reset();
        return this;
    }

    /** Starts an event by symbol, e.g. {@code PPME_SYSCALL_OPENAT_2_X}. */
    public EventEncoder start(String symbol, long ts, long tid) {
        for (int c = 0; c < EventTable.size(); c++) {
            if (EventTable.get(c).symbol().equals(symbol)) {
                return start(c, ts, tid);
            }
        }
        throw new IllegalArgumentException("event symbol: " + symbol + " (expected: a PPME_* name of event_table.c)");
    }

    /** Appends the next parameter: a number (written with the parameter's width), a String (NUL-terminated) or bytes. */
    public EventEncoder param(Object v) {
        EventInfo info = EventTable.get(code);
        ParamType t = n < info.paramCount() ? info.param(n).type() : ParamType.BYTEBUF;
        int before = data.size();
        if (v == null) {
            // empty parameter (len 0), as drivers write for values they could not read
        } else if (v instanceof String s) {
            data.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            data.write(0);
        } else if (v instanceof byte[] b) {
            data.writeBytes(b);
        } else if (v instanceof Number num) {
            long x = num.longValue();
            int w = width(t);
            for (int i = 0; i < w; i++) {
                data.write((int) (x >>> (8 * i)));
            }
        } else {
            throw new IllegalArgumentException("param " + n + ": " + v.getClass().getSimpleName()
                    + " (expected: Number, String, byte[] or null)");
        }
        lens[n++] = data.size() - before;
        return this;
    }

    /** The wire bytes of the event built so far ({@code u32} lengths for large-payload events). */
    public byte[] bytes() {
        int ls = EventTable.get(code).has(EventFlag.LARGE_PAYLOAD) ? 4 : 2;
        int len = SyscallEvent.HEADER_SIZE + ls * n + data.size();
        byte[] b = new byte[len];
        put64(b, 0, ts);
        put64(b, 8, tid);
        put32(b, 16, len);
        b[20] = (byte) code;
        b[21] = (byte) (code >>> 8);
        put32(b, 22, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < ls; k++) {
                b[26 + ls * i + k] = (byte) (lens[i] >>> (8 * k));
            }
        }
        System.arraycopy(data.toByteArray(), 0, b, 26 + ls * n, data.size());
        return b;
    }

    /** Decodes the built event into {@code into} and gives it number {@code num}. */
    public SyscallEvent into(SyscallEvent into, long num) {
        byte[] b = bytes();
        into.decode(b, 0, b.length);
        into.setContext(num, 0, 0);
        return into;
    }

    static int width(ParamType t) {
        switch (t) {
            case INT8: case UINT8: case SIGTYPE: case FLAGS8: case ENUMFLAGS8: case L4PROTO: case SOCKFAMILY:
                return 1;
            case INT16: case UINT16: case FLAGS16: case ENUMFLAGS16: case PORT: case SYSCALLID:
                return 2;
            case INT32: case UINT32: case FLAGS32: case ENUMFLAGS32: case UID: case GID: case BOOL: case IPV4ADDR:
            case MODE: case SIGSET: case FD32: case PID32:
                return 4;
            default:
                return 8;
        }
    }

    private static void put32(byte[] b, int o, int v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void put64(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }
}
