package dev.peregrine.syscalls.scap;

import dev.peregrine.syscalls.EventTable;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.NetworkInterfaces;
import dev.peregrine.syscalls.state.SocketNames;
import dev.peregrine.syscalls.state.StateTracker;
import dev.peregrine.syscalls.state.ThreadInfo;
import dev.peregrine.syscalls.state.ThreadTable;
import dev.peregrine.syscalls.state.UserTable;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a libscap capture (.scap), plain or gzip-compressed: a section header block, then metadata blocks
 * (machine info, process list, fd lists, interface list, user/group list) and event blocks.
 *
 * <p>Opening reads the metadata into {@link #threads()} and {@link #users()}; {@link #next(SyscallEvent)}
 * then decodes one event at a time into a caller-owned, reused {@link SyscallEvent} backed by this reader's
 * buffer (valid until the next call). Events are numbered from 1 in file order ({@code evt.num}); event codes
 * newer than {@link EventTable} are skipped, as libscap does.
 *
 * <p>All block versions libscap reads are handled: process lists v1..v9 (with the pre-0.10 layout quirk),
 * fd lists v1/v2, old event blocks whose headers lack {@code nparams}, event blocks with flags, and
 * large-payload event blocks.
 */
public final class ScapReader implements Closeable {
    /** Largest non-event block accepted (process lists of big hosts run to tens of MB). */
    private static final int MAX_META_BLOCK = 512 << 20;
    /** Largest event block accepted; large-payload events may reach this, others stay under 64 KiB. */
    private static final int MAX_EVENT_BLOCK = 256 << 20;

    private final InputStream in;
    private final ThreadTable threads = new ThreadTable();
    private final UserTable users = new UserTable();
    private final NetworkInterfaces interfaces = new NetworkInterfaces();
    private byte[] buf = new byte[1 << 16];
    private final byte[] hdr = new byte[8];
    private int pendingType = -1;
    private int pendingLen;
    private long offset;
    private long eventCount;
    private String hostname = "";
    private int majorVersion;
    private int minorVersion;

    public ScapReader(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        this.in = m0 == 0x1f && m1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16) : b;
        readMetadata();
    }

    /** Opens a capture file (plain or gzip). */
    public static ScapReader open(Path file) throws IOException {
        InputStream s = Files.newInputStream(file);
        try {
            return new ScapReader(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Threads and their fds as the capture's process and fd list blocks describe them at capture start. */
    public ThreadTable threads() {
        return threads;
    }

    /** Users and groups of the capture's user list block (empty when the capture has none). */
    public UserTable users() {
        return users;
    }

    /**
     * A state tracker seeded with this capture's process, fd, user and interface tables: apply every event
     * returned by {@link #next} to it, in order.
     */
    public StateTracker newStateTracker() {
        return new StateTracker(threads, users).interfaces(interfaces);
    }

    /** Interface addresses of the capture's interface list block. */
    public NetworkInterfaces interfaces() {
        return interfaces;
    }

    public String hostname() {
        return hostname;
    }

    public String version() {
        return majorVersion + "." + minorVersion;
    }

    /** Number of events returned so far. */
    public long eventCount() {
        return eventCount;
    }

    /**
     * Decodes the next event into {@code ev}.
     *
     * @return false at the end of the capture
     */
    public boolean next(SyscallEvent ev) throws IOException {
        while (true) {
            int type;
            int total;
            if (pendingType != -1) {
                type = pendingType;
                total = pendingLen;
                pendingType = -1;
            } else {
                int n = readUpTo(hdr, 8);
                if (n == 0) {
                    return false;
                }
                if (n < 8) {
                    throw new ScapFormatException("block header at offset " + offset + ": truncated (" + n + " of 8 bytes)");
                }
                type = le32(hdr, 0);
                total = le32(hdr, 4);
                offset += 8;
            }
            int body = bodyLength(type, total);
            if (!BlockType.isEvent(type)) {
                // Metadata after the first event (rare) is read into the same tables.
                readBody(body, MAX_META_BLOCK, type);
                parseMeta(type, body);
                continue;
            }
            readBody(body, MAX_EVENT_BLOCK, type);
            int p = 2;
            int flags = 0;
            if (BlockType.hasFlags(type)) {
                flags = le32(buf, 2);
                p = 6;
            }
            int cpu = (buf[0] & 0xff) | (buf[1] & 0xff) << 8;
            int evType = body >= p + 22 ? (buf[p + 20] & 0xff) | (buf[p + 21] & 0xff) << 8 : -1;
            if (evType < 0) {
                throw new ScapFormatException("event block at offset " + (offset - body - 4) + ": too short (" + body + " bytes)");
            }
            if (evType >= EventTable.size()) {
                continue;
            }
            try {
                if (BlockType.isV1Event(type)) {
                    ev.decodeV1(buf, p, body - p);
                } else {
                    ev.decode(buf, p, body - p);
                }
            } catch (IllegalArgumentException e) {
                throw new ScapFormatException("event block at offset " + (offset - body - 4) + ": " + e.getMessage());
            }
            ev.setContext(++eventCount, cpu, flags);
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readMetadata() throws IOException {
        if (readUpTo(hdr, 8) < 8) {
            throw new ScapFormatException("section header block: file shorter than 8 bytes");
        }
        offset = 8;
        int type = le32(hdr, 0);
        int total = le32(hdr, 4);
        if (type != BlockType.SHB) {
            throw new ScapFormatException("first block type: 0x" + Integer.toHexString(type)
                    + " (expected: section header block 0x0a0d0d0a)");
        }
        int body = bodyLength(type, total);
        readBody(body, MAX_META_BLOCK, type);
        if (body < 16 || le32(buf, 0) != BlockType.SHB_MAGIC) {
            throw new ScapFormatException("section header block: bad byte-order magic (expected: 0x1a2b3c4d, little endian)");
        }
        majorVersion = (buf[4] & 0xff) | (buf[5] & 0xff) << 8;
        minorVersion = (buf[6] & 0xff) | (buf[7] & 0xff) << 8;
        if (majorVersion > 1) {
            throw new ScapFormatException("capture version: " + majorVersion + "." + minorVersion + " (expected: 1.x)");
        }
        while (true) {
            int n = readUpTo(hdr, 8);
            if (n == 0) {
                return;
            }
            if (n < 8) {
                throw new ScapFormatException("block header at offset " + offset + ": truncated");
            }
            offset += 8;
            type = le32(hdr, 0);
            total = le32(hdr, 4);
            if (BlockType.isEvent(type)) {
                pendingType = type;
                pendingLen = total;
                return;
            }
            body = bodyLength(type, total);
            readBody(body, MAX_META_BLOCK, type);
            parseMeta(type, body);
        }
    }

    private int bodyLength(int type, int total) throws ScapFormatException {
        if (total < 12) {
            throw new ScapFormatException("block 0x" + Integer.toHexString(type) + " at offset " + (offset - 8)
                    + ": total length " + Integer.toUnsignedString(total) + " (expected: at least 12)");
        }
        return total - 12;
    }

    /** Reads the body and the trailing length word of the current block into {@link #buf}. */
    private void readBody(int body, int max, int type) throws IOException {
        if (body > max) {
            throw new ScapFormatException("block 0x" + Integer.toHexString(type) + " at offset " + (offset - 8)
                    + ": body length " + body + " (expected: at most " + max + ")");
        }
        if (buf.length < body + 4) {
            buf = new byte[Math.max(body + 4, buf.length * 2)];
        }
        int n = readUpTo(buf, body + 4);
        if (n < body + 4) {
            throw new ScapFormatException("block 0x" + Integer.toHexString(type) + " at offset " + (offset - 8)
                    + ": truncated (" + n + " of " + (body + 4) + " bytes)");
        }
        offset += body + 4;
    }

    private void parseMeta(int type, int body) throws ScapFormatException {
        int plv = BlockType.procListVersion(type);
        if (plv > 0) {
            parseProcList(plv, body);
        } else if (type == BlockType.FDL || type == BlockType.FDL_INT || type == BlockType.FDL_V2) {
            parseFdList(type == BlockType.FDL_V2, body);
        } else if (type == BlockType.UL || type == BlockType.UL_INT || type == BlockType.UL_V2) {
            parseUserList(type == BlockType.UL_V2, body);
        } else if (type == BlockType.MI || type == BlockType.MI_INT) {
            parseMachineInfo(body);
        } else if (type == BlockType.IL || type == BlockType.IL_INT || type == BlockType.IL_V2) {
            parseInterfaceList(type == BlockType.IL_V2, body);
        }
        // Unknown blocks are skipped, as libscap does.
    }

    private void parseMachineInfo(int body) throws ScapFormatException {
        // scap_machine_info: num_cpus u32, memory_size_bytes u64, max_pid u64, hostname char[128], ...
        if (body >= 4 + 8 + 8 + 128) {
            int e = 20;
            while (e < 148 && buf[e] != 0) {
                e++;
            }
            hostname = new String(buf, 20, e - 20, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private void parseProcList(int v, int body) throws ScapFormatException {
        ByteCursor c = new ByteCursor(buf, 0, body, "process list v" + v);
        while (c.remaining() >= 4) {
            int entryStart = c.pos;
            long subLen = 0;
            if (v == 9) {
                subLen = c.u32();
            }
            ThreadInfo t = new ThreadInfo(c.i64());
            t.pid = c.i64();
            t.ptid = c.i64();
            if (v >= 6) {
                t.sid = c.i64();
            }
            if (v >= 8) {
                t.vpgid = c.i64();
            }
            t.comm = c.str16();
            t.exe = c.str16();
            if (v >= 7) {
                t.exepath = c.str16();
            }
            t.args = c.strList16();
            t.cwd = dev.peregrine.syscalls.state.Paths.asDirectory(c.str16());
            t.fdlimit = c.i64();
            t.flags = c.u32();
            t.uid = c.u32();
            t.gid = c.u32();
            if (v >= 2) {
                t.vmSizeKb = c.u32();
                t.vmRssKb = c.u32();
                t.vmSwapKb = c.u32();
                t.pfMajor = c.i64();
                t.pfMinor = c.i64();
                if (v >= 3) {
                    t.env = c.strList16();
                }
                if (v >= 4) {
                    t.vtid = c.i64();
                    t.vpid = c.i64();
                    t.cgroups = c.strList16();
                    if (v >= 5) {
                        t.root = c.str16();
                    }
                }
            }
            if (subLen > 0) {
                long end = entryStart + subLen;
                long read = c.pos - entryStart;
                // libs 0.10 inserted pidns_init_start_ts and tty before loginuid; older writers put at most
                // loginuid, exe_writable and three capability sets (29 bytes) here.
                boolean pre010 = subLen - read <= 29;
                if (!pre010) {
                    if (c.pos + 8 <= end) {
                        t.pidnsInitStartTs = c.i64();
                    }
                    if (c.pos + 4 <= end) {
                        t.tty = c.u32();
                    }
                }
                if (c.pos + 4 <= end) {
                    t.loginuid = c.u32();
                }
                if (c.pos + 1 <= end) {
                    t.exeWritable = c.u8() != 0;
                }
                if (c.pos + 8 <= end) {
                    t.capInheritable = c.i64();
                }
                if (c.pos + 8 <= end) {
                    t.capPermitted = c.i64();
                }
                if (c.pos + 8 <= end) {
                    t.capEffective = c.i64();
                }
                if (c.pos + 1 <= end) {
                    t.exeUpperLayer = c.u8() != 0;
                }
                if (c.pos + 8 <= end) {
                    t.exeIno = c.i64();
                }
                if (c.pos + 8 <= end) {
                    t.exeInoCtime = c.i64();
                }
                if (c.pos + 8 <= end) {
                    t.exeInoMtime = c.i64();
                }
                if (c.pos + 1 <= end) {
                    t.exeFromMemfd = c.u8() != 0;
                }
                if (c.pos + 1 <= end) {
                    t.exeLowerLayer = c.u8() != 0;
                }
                if (c.pos + 8 <= end) {
                    t.pgid = c.i64();
                }
                if (c.pos > end) {
                    throw new ScapFormatException("process list v9 entry of tid " + t.tid + ": read " + (c.pos - entryStart)
                            + " bytes (entry length " + subLen + ")");
                }
                c.pos = (int) end;
            }
            ThreadInfo old = threads.get(t.tid);
            if (old != null) {
                t.fds = old.fds;
            }
            threads.put(t);
        }
    }

    private void parseFdList(boolean v2, int body) throws ScapFormatException {
        ByteCursor c = new ByteCursor(buf, 0, body, "fd list");
        long tid = c.i64();
        ThreadInfo t = threads.get(tid);
        if (t == null) {
            t = new ThreadInfo(tid);
            threads.put(t);
        }
        while (c.remaining() >= 4) {
            int start = c.pos;
            long subLen = v2 ? c.u32() : 0;
            long fd = c.i64();
            long ino = c.i64();
            int code = c.u8();
            FdInfo f = new FdInfo();
            f.ino = ino;
            f.type = FdType.ofCode(code);
            switch (f.type) {
                case IPV4_SOCK:
                    f.sip = Integer.reverseBytes(c.i32());
                    f.dip = Integer.reverseBytes(c.i32());
                    f.sport = c.u16();
                    f.dport = c.u16();
                    f.l4proto = c.u8();
                    f.role = FdInfo.ROLE_CLIENT;
                    f.name = SocketNames.ipv4Tuple(f);
                    break;
                case IPV4_SERVSOCK:
                    f.dip = Integer.reverseBytes(c.i32());
                    f.dport = c.u16();
                    f.l4proto = c.u8();
                    f.role = FdInfo.ROLE_SERVER;
                    f.name = SocketNames.ipv4Server(f);
                    break;
                case IPV6_SOCK:
                    f.sip6 = c.bytes(16);
                    f.dip6 = c.bytes(16);
                    f.sport = c.u16();
                    f.dport = c.u16();
                    f.l4proto = c.u8();
                    f.role = FdInfo.ROLE_CLIENT;
                    f.name = SocketNames.ipv6Tuple(f);
                    break;
                case IPV6_SERVSOCK:
                    f.dip6 = c.bytes(16);
                    f.dport = c.u16();
                    f.l4proto = c.u8();
                    f.role = FdInfo.ROLE_SERVER;
                    f.name = SocketNames.ipv6Server(f);
                    break;
                case UNIX_SOCK:
                    f.unixSource = c.i64();
                    f.unixDest = c.i64();
                    f.name = c.str16();
                    break;
                case FILE_V2:
                    f.openFlags = c.i32();
                    f.name = c.str16();
                    if (subLen > 0 && subLen >= c.pos - start + 4) {
                        f.dev = c.i32();
                    }
                    break;
                case UNKNOWN:
                    break;
                default:
                    if (code < FdType.values().length) {
                        f.name = c.str16();
                    } else {
                        f.name = "unknown-type:[" + code + "]";
                    }
                    break;
            }
            f.nameRaw = f.name;
            if (subLen > 0) {
                if (c.pos - start > subLen) {
                    throw new ScapFormatException("fd list of tid " + tid + ": entry overruns its length " + subLen);
                }
                c.pos = (int) (start + subLen);
            }
            t.fds.put(fd, f);
        }
    }

    /** Entries: [u32 len (v2)] type u16, name len u16, address, netmask, broadcast, [link speed u64], name. */
    private void parseInterfaceList(boolean v2, int body) throws ScapFormatException {
        ByteCursor c = new ByteCursor(buf, 0, body, "interface list");
        while (c.remaining() >= 4) {
            int start = c.pos;
            long entryLen = v2 ? c.u32() : 0;
            int kind = c.u16();
            int nameLen = c.u16();
            int ipv4 = 0;
            byte[] ipv6 = null;
            switch (kind) {
                case 1: // SCAP_II_IPV4
                case 3: // SCAP_II_IPV4_NOLINKSPEED
                    ipv4 = Integer.reverseBytes(c.i32());
                    c.skip(8);
                    if (kind == 1) {
                        c.skip(8);
                    }
                    break;
                case 2: // SCAP_II_IPV6
                case 4: // SCAP_II_IPV6_NOLINKSPEED
                    ipv6 = c.bytes(16);
                    c.skip(32);
                    if (kind == 2) {
                        c.skip(8);
                    }
                    break;
                default:
                    throw new ScapFormatException("interface list: entry type " + kind + " (expected: 1..4)");
            }
            byte[] name = c.bytes(nameLen);
            int e = 0;
            while (e < name.length && name[e] != 0) {
                e++;
            }
            interfaces.add(new NetworkInterfaces.Address(new String(name, 0, e, java.nio.charset.StandardCharsets.UTF_8),
                    ipv4, ipv6));
            if (v2) {
                c.pos = (int) (start + 4 + entryLen);
            }
        }
    }

    private void parseUserList(boolean v2, int body) throws ScapFormatException {
        ByteCursor c = new ByteCursor(buf, 0, body, "user list");
        while (c.remaining() >= 4) {
            int start = c.pos;
            long subLen = v2 ? c.u32() : 0;
            int kind = c.u8();
            if (kind == 0) {
                long uid = c.u32();
                long gid = c.u32();
                String name = c.str16();
                String home = c.str16();
                String shell = c.str16();
                users.addUser(new UserTable.User(uid, gid, name, home, shell));
            } else {
                long gid = c.u32();
                users.addGroup(new UserTable.Group(gid, c.str16()));
            }
            if (subLen > 0) {
                c.pos = (int) (start + subLen);
            }
        }
    }

    private int readUpTo(byte[] b, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got;
    }

    static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
