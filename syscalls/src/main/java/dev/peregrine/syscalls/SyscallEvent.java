package dev.peregrine.syscalls;

import dev.peregrine.pipeline.event.TypedBody;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One driver event in its wire form ({@code struct ppm_evt_hdr} + parameter lengths + parameter data), read
 * in place from a byte buffer: decoding records the header and the offset/length of each parameter and
 * nothing else; typed accessors read a parameter only when asked.
 *
 * <p>Design note: sources reuse one instance (and one buffer) per stream, so an event is valid until the
 * source produces the next one. Whoever keeps an event longer calls {@link #copy()}.
 *
 * <p>Wire layout (little endian, packed): {@code ts u64, tid u64, len u32, type u16, nparams u32}, then
 * {@code nparams} lengths ({@code u16}, or {@code u32} for {@link EventFlag#LARGE_PAYLOAD} events), then the
 * parameter bytes back to back. Captures written before libscap 0.10 lack {@code nparams}; see
 * {@link #decodeV1}.
 */
public final class SyscallEvent implements TypedBody {
    /** Size of the current header ({@code sizeof(struct ppm_evt_hdr)}). */
    public static final int HEADER_SIZE = 26;
    /** Size of the header before {@code nparams} was added. */
    public static final int HEADER_SIZE_V1 = 22;

    private byte[] buf = new byte[0];
    private int start;
    private long ts;
    private long tid;
    private int len;
    private int type;
    private int nparams;
    private int[] poff = new int[32];
    private int[] plen = new int[32];
    private EventInfo info;
    private long num;
    private int cpu;
    private int blockFlags;

    /**
     * Decodes a current-format event at {@code buf[off..off+avail)}.
     *
     * @throws IllegalArgumentException when the header or parameter lengths do not fit
     */
    public void decode(byte[] buf, int off, int avail) {
        if (avail < HEADER_SIZE) {
            throw new IllegalArgumentException("event: " + avail + " bytes (expected: at least " + HEADER_SIZE + ")");
        }
        readHeader(buf, off);
        int n = i32(buf, off + 22);
        if (len < HEADER_SIZE || len > avail) {
            throw new IllegalArgumentException("event len: " + len + " (expected: " + HEADER_SIZE + ".." + avail + ")");
        }
        EventInfo ei = EventTable.get(type);
        boolean large = ei != null && ei.has(EventFlag.LARGE_PAYLOAD);
        int lenSize = large ? 4 : 2;
        if (n < 0 || (long) HEADER_SIZE + (long) n * lenSize > len) {
            throw new IllegalArgumentException("event nparams: " + n + " (does not fit in event len " + len + ")");
        }
        layout(buf, off, off + HEADER_SIZE, n, lenSize, off + len);
    }

    /**
     * Decodes an event of an old capture block ({@code EV_BLOCK_TYPE}, {@code EVF_BLOCK_TYPE}) whose header
     * has no {@code nparams}: like libscap, start from the table's parameter count and lower it until the
     * lengths add up to the event length.
     */
    public void decodeV1(byte[] buf, int off, int avail) {
        if (avail < HEADER_SIZE_V1) {
            throw new IllegalArgumentException("event: " + avail + " bytes (expected: at least " + HEADER_SIZE_V1 + ")");
        }
        readHeader(buf, off);
        if (len < HEADER_SIZE_V1 || len > avail) {
            throw new IllegalArgumentException("event len: " + len + " (expected: " + HEADER_SIZE_V1 + ".." + avail + ")");
        }
        EventInfo ei = EventTable.get(type);
        int end = off + len;
        int lens = off + HEADER_SIZE_V1;
        for (int n = ei == null ? 0 : ei.paramCount(); n >= 0; n--) {
            long p = lens + 2L * n;
            if (p > end) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                p += u16(buf, lens + 2 * i);
            }
            if (p == end) {
                layout(buf, off, lens, n, 2, end);
                return;
            }
            if (p < end) {
                break;
            }
        }
        throw new IllegalArgumentException("event type " + type + ": parameter lengths do not add up to len " + len);
    }

    private void readHeader(byte[] b, int off) {
        this.buf = b;
        this.start = off;
        this.ts = i64(b, off);
        this.tid = i64(b, off + 8);
        this.len = i32(b, off + 16);
        this.type = u16(b, off + 20);
        this.info = EventTable.get(type);
    }

    private void layout(byte[] b, int off, int lens, int n, int lenSize, int end) {
        if (poff.length < n) {
            poff = new int[Math.max(n, poff.length * 2)];
            plen = new int[poff.length];
        }
        int p = lens + n * lenSize;
        for (int i = 0; i < n; i++) {
            int l = lenSize == 2 ? u16(b, lens + 2 * i) : i32(b, lens + 4 * i);
            if (l < 0 || p + (long) l > end) {
                throw new IllegalArgumentException("event type " + type + " param " + i + " len: " + l
                        + " (exceeds event len " + (end - off) + ")");
            }
            poff[i] = p;
            plen[i] = l;
            p += l;
        }
        this.nparams = n;
    }

    /** Sets what the container around the event said: sequence number, CPU and block flags. */
    public void setContext(long num, int cpu, int blockFlags) {
        this.num = num;
        this.cpu = cpu;
        this.blockFlags = blockFlags;
    }

    /** {@code evt.num}: 1-based position of the event in its stream. */
    public long num() {
        return num;
    }

    public int cpu() {
        return cpu;
    }

    public int blockFlags() {
        return blockFlags;
    }

    /** Timestamp, nanoseconds since the epoch. */
    public long ts() {
        return ts;
    }

    /** The event's length in bytes, header included. */
    public int len() {
        return len;
    }

    public long tid() {
        return tid;
    }

    /** Event code ({@code PPME_*}). */
    public int type() {
        return type;
    }

    /** Table row of this event's code; null for codes newer than this table. */
    public EventInfo info() {
        return info;
    }

    /**
     * {@code evt.type}: the event name; for generic {@code syscall} events (system calls without a dedicated
     * event) the name of the system call in their {@code ID} parameter, as libsinsp reports it.
     */
    public String name() {
        if (info == null) {
            return "NA";
        }
        if (type <= 1 && nparams > 0) {
            int sc = (int) paramLong(0);
            String n = sc == 0 ? null : EventTable.syscallName(sc);
            return n == null ? "<unknown>" : n;
        }
        return info.name();
    }

    public boolean isExit() {
        return (type & 1) != 0;
    }

    /** Number of parameters present (old captures may carry fewer than the table lists). */
    public int paramCount() {
        return nparams;
    }

    /** Index of the parameter called {@code name} if present in this event, else -1. */
    public int paramIndex(String name) {
        if (info == null) {
            return -1;
        }
        int i = info.paramIndex(name);
        return i < nparams ? i : -1;
    }

    public ParamType paramType(int i) {
        return info == null || i >= info.paramCount() ? ParamType.BYTEBUF : info.param(i).type();
    }

    public byte[] buffer() {
        return buf;
    }

    public int paramOffset(int i) {
        return poff[i];
    }

    public int paramLength(int i) {
        return plen[i];
    }

    /**
     * Integer value of parameter {@code i}, read with the width it has on the wire (1, 2, 4 or 8 bytes) and
     * sign-extended for signed types.
     */
    public long paramLong(int i) {
        int o = poff[i];
        boolean signed = paramType(i).isSigned();
        switch (plen[i]) {
            case 1:
                return signed ? buf[o] : buf[o] & 0xffL;
            case 2:
                return signed ? (short) u16(buf, o) : u16(buf, o);
            case 4:
                return signed ? i32(buf, o) : i32(buf, o) & 0xffffffffL;
            case 8:
                return i64(buf, o);
            default:
                return 0;
        }
    }

    /** Text of a string parameter up to its first NUL (UTF-8); null when absent ({@code len 0}). */
    public String paramString(int i) {
        int o = poff[i];
        int l = plen[i];
        if (l == 0) {
            return null;
        }
        int e = o;
        while (e < o + l && buf[e] != 0) {
            e++;
        }
        return new String(buf, o, e - o, StandardCharsets.UTF_8);
    }

    /** True if parameter {@code i} equals the NUL-terminated ASCII text {@code s} (no allocation). */
    public boolean paramEquals(int i, String s) {
        int o = poff[i];
        int l = plen[i];
        int n = s.length();
        if (l < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[o + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return l == n || buf[o + n] == 0;
    }

    /** The bytes of parameter {@code i} (a copy). */
    public byte[] paramBytes(int i) {
        byte[] r = new byte[plen[i]];
        System.arraycopy(buf, poff[i], r, 0, plen[i]);
        return r;
    }

    /** A detached copy that stays valid after the source moves on. */
    public SyscallEvent copy() {
        SyscallEvent c = new SyscallEvent();
        byte[] b = new byte[len];
        System.arraycopy(buf, start, b, 0, len);
        c.buf = b;
        c.start = 0;
        c.ts = ts;
        c.tid = tid;
        c.len = len;
        c.type = type;
        c.info = info;
        c.nparams = nparams;
        c.poff = new int[Math.max(1, nparams)];
        c.plen = new int[Math.max(1, nparams)];
        for (int i = 0; i < nparams; i++) {
            c.poff[i] = poff[i] - start;
            c.plen[i] = plen[i];
        }
        c.num = num;
        c.cpu = cpu;
        c.blockFlags = blockFlags;
        return c;
    }

    /** {@code evt.num, evt.time (ns), thread.tid, evt.type, evt.dir} and the parameters as libsinsp prints them. */
    @Override
    public MapValue toMap() {
        Map<Value, Value> m = new LinkedHashMap<>();
        m.put(ValueFactory.newString("evt.num"), ValueFactory.newInteger(num));
        m.put(ValueFactory.newString("evt.rawtime"), ValueFactory.newInteger(ts));
        m.put(ValueFactory.newString("thread.tid"), ValueFactory.newInteger(tid));
        m.put(ValueFactory.newString("evt.type"), ValueFactory.newString(name()));
        m.put(ValueFactory.newString("evt.dir"), ValueFactory.newString(isExit() ? "<" : ">"));
        Map<Value, Value> args = new LinkedHashMap<>();
        for (int i = 0; i < nparams && info != null && i < info.paramCount(); i++) {
            String v = ParamText.render(this, i);
            args.put(ValueFactory.newString(info.param(i).name()), v == null ? ValueFactory.newNil()
                    : ValueFactory.newString(v));
        }
        m.put(ValueFactory.newString("evt.args"), ValueFactory.newMap(args));
        return ValueFactory.newMap(m);
    }

    @Override
    public String toString() {
        return num + " " + tid + " " + name() + (isExit() ? " <" : " >");
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xffffffffL) | (long) i32(b, o + 4) << 32;
    }
}
