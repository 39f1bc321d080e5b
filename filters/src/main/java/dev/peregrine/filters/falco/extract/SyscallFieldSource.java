package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.kubernetes.PodResolver;
import dev.peregrine.filters.falco.compile.ConditionMemo;
import dev.peregrine.filters.falco.compile.FieldRef;
import dev.peregrine.filters.falco.compile.FieldSource;
import dev.peregrine.syscalls.EventFlag;
import dev.peregrine.syscalls.EventInfo;
import dev.peregrine.syscalls.ParamKey;
import dev.peregrine.syscalls.ParamText;
import dev.peregrine.syscalls.ParamType;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.ContainerIds;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.Paths;
import dev.peregrine.syscalls.state.ThreadInfo;
import dev.peregrine.syscalls.state.ThreadTable;
import dev.peregrine.syscalls.state.UserTable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field values of the current syscall event for Falco conditions and outputs, with libsinsp's semantics:
 * a field that cannot be extracted (no thread, not an fd event, unknown user...) is {@code null}.
 *
 * <p>Use: {@code source.set(tracker.apply(event)); ruleSet.firstMatch(typeIndex, source)}. One instance per
 * event stream; {@link #set} rebinds it, so nothing is allocated per event except the values asked for.
 * Field names are resolved to a dense code once per {@link FieldRef} id.
 *
 * <p>Container metadata (name, image, privileged, k8s labels) comes from runtime sockets in Falco; until a
 * metadata source is wired in, those fields are null for containers, and {@code host} values for the host.
 */
public final class SyscallFieldSource implements FieldSource, ConditionMemo {
    // Parameters read by name, resolved once per event type.
    private static final ParamKey P_BUF = new ParamKey("buf");
    private static final ParamKey P_DATA = new ParamKey("data");
    private static final ParamKey P_DIRFD = new ParamKey("dirfd");
    private static final ParamKey P_FLAGS = new ParamKey("flags");
    private static final ParamKey P_MODE = new ParamKey("mode");
    private static final ParamKey P_NAME = new ParamKey("name");
    private static final ParamKey P_PATH = new ParamKey("path");

    private static final Map<String, Integer> CODES = new HashMap<>();
    private static final String[] NAMES = {
        "evt.num", "evt.type", "syscall.type", "evt.dir", "evt.res", "evt.rawres", "evt.failed", "evt.is_open_read",
        "evt.is_open_write", "evt.is_open_exec", "evt.is_open_create", "evt.arg", "evt.rawarg", "evt.args",
        "evt.rawtime", "evt.time", "evt.time.iso8601", "evt.cpu", "evt.category", "evt.buffer", "evt.buflen",
        "evt.is_io", "evt.is_io_read", "evt.is_io_write", "evt.source", "evt.hostname", "evt.datetime",
        "proc.name", "proc.pid", "proc.ppid", "proc.exe", "proc.exepath", "proc.args", "proc.cmdline", "proc.pname",
        "proc.pcmdline", "proc.pexe", "proc.pexepath", "proc.aname", "proc.aexe", "proc.aexepath", "proc.apid",
        "proc.cwd", "proc.tty", "proc.vpid", "proc.pvpid", "proc.sid", "proc.sname", "proc.is_exe_upper_layer",
        "proc.is_exe_lower_layer", "proc.is_exe_from_memfd", "proc.is_exe_writable", "proc.duration", "proc.env",
        "proc.exe_ino", "proc.exe_ino.ctime", "proc.exe_ino.mtime", "proc.cmdnargs", "proc.cmdlenargs",
        "proc.exeline", "proc.vpgid", "proc.pgid", "proc.is_sid_leader", "proc.is_vpgid_leader", "proc.fdlimit",
        "thread.tid", "thread.vtid", "thread.ismain", "thread.cap_effective", "thread.cap_permitted",
        "thread.cap_inheritable", "thread.cgroups", "thread.cgroup",
        "fd.num", "fd.type", "fd.typechar", "fd.name", "fd.nameraw", "fd.directory", "fd.filename", "fd.ip",
        "fd.cip", "fd.sip", "fd.lip", "fd.rip", "fd.port", "fd.cport", "fd.sport", "fd.lport", "fd.rport",
        "fd.l4proto", "fd.sockfamily", "fd.is_server", "fd.connected", "fd.name_changed", "fd.net", "fd.cnet",
        "fd.snet", "fd.lnet", "fd.rnet", "fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name", "fd.ino",
        "fd.dev", "fd.types",
        "user.uid", "user.name", "user.homedir", "user.shell", "user.loginuid", "user.loginname",
        "group.gid", "group.name",
        "container.id", "container.full_id", "container.name", "container.image", "container.image.id",
        "container.image.repository", "container.image.tag", "container.image.digest", "container.type",
        "container.privileged", "container.start_ts", "container.mounts", "container.mount",
        "container.mount.dest", "container.mount.source", "k8s.pod.name", "k8s.ns.name", "k8s.pod.id",
        "k8s.pod.uid", "k8s.pod.label", "k8s.pod.labels", "k8s.pod.ip",
    };

    static {
        for (int i = 0; i < NAMES.length; i++) {
            CODES.put(NAMES[i], i);
        }
    }

    private static final int UNKNOWN = -1;
    /** One-character strings for {@code fd.typechar}, made once. */
    private static final String[] CHARS = new String[128];

    static {
        for (char c = 0; c < CHARS.length; c++) {
            CHARS[c] = String.valueOf(c);
        }
    }

    private final FlagTextCache flagTexts = new FlagTextCache();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final Object MISSING = new Object();

    private EventContext ctx;
    private int[] codeById = new int[64];
    /**
     * Values already extracted for the current event, by {@link FieldRef#id()}: rules test the same fields again
     * and again ({@code fd.name}, {@code proc.name}, {@code container.id}...), and some are costly (ancestors,
     * command lines, container ids). An entry is current when its stamp equals {@link #event}, so moving to the
     * next event clears nothing.
     */
    private Object[] values = new Object[64];
    private int[] stamps = new int[64];
    private int event = 1;

    /** Results of shared subconditions for the current event ({@link ConditionMemo}), stamped like values. */
    private int[] memoStamps = new int[64];
    private boolean[] memoResults = new boolean[64];

    public SyscallFieldSource() {
        java.util.Arrays.fill(codeById, Integer.MIN_VALUE);
    }

    @Override
    public int memo(int slot) {
        if (slot >= memoStamps.length || memoStamps[slot] != event) {
            return 0;
        }
        return memoResults[slot] ? 2 : 1;
    }

    @Override
    public void memo(int slot, boolean result) {
        if (slot >= memoStamps.length) {
            int n = Math.max(slot + 1, memoStamps.length * 2);
            memoStamps = java.util.Arrays.copyOf(memoStamps, n);
            memoResults = java.util.Arrays.copyOf(memoResults, n);
        }
        memoStamps[slot] = event;
        memoResults[slot] = result;
    }

    /** Binds this source to the event last applied to a tracker (call it for every event, even the same context). */
    public SyscallFieldSource set(EventContext ctx) {
        this.ctx = ctx;
        if (++event == 0) {
            // stamps wrapped around: forget everything once rather than mistake an old entry for a current one
            java.util.Arrays.fill(stamps, 0);
            java.util.Arrays.fill(memoStamps, 0);
            event = 1;
        }
        return this;
    }

    public EventContext context() {
        return ctx;
    }

    /** Whether this source knows the field (others always read as null). */
    public static boolean supports(String field) {
        return CODES.containsKey(field);
    }

    private int code(FieldRef ref) {
        int id = ref.id();
        if (id >= 0) {
            if (id >= codeById.length) {
                int old = codeById.length;
                codeById = java.util.Arrays.copyOf(codeById, Math.max(id + 1, old * 2));
                java.util.Arrays.fill(codeById, old, codeById.length, Integer.MIN_VALUE);
            }
            int c = codeById[id];
            if (c == Integer.MIN_VALUE) {
                c = CODES.getOrDefault(ref.field(), UNKNOWN);
                codeById[id] = c;
            }
            return c;
        }
        return CODES.getOrDefault(ref.field(), UNKNOWN);
    }

    @Override
    public Object value(FieldRef ref) {
        int id = ref.id();
        if (id < 0) {
            return extract(ref);
        }
        if (id >= stamps.length) {
            int n = Math.max(id + 1, stamps.length * 2);
            stamps = java.util.Arrays.copyOf(stamps, n);
            values = java.util.Arrays.copyOf(values, n);
        }
        if (stamps[id] == event) {
            Object v = values[id];
            return v == MISSING ? null : v;
        }
        Object v = extract(ref);
        values[id] = v == null ? MISSING : v;
        stamps[id] = event;
        return v;
    }

    private Object extract(FieldRef ref) {
        int c = code(ref);
        if (c == UNKNOWN || ctx == null) {
            return null;
        }
        String f = NAMES[c];
        switch (GROUPS[c]) {
            case EVT: return evt(f, ref.arg());
            case PROC: return proc(f, ref.arg());
            case FD: return fd(f);
            case USER: return user(f);
            default: return container(f, ref.arg());
        }
    }

    private static final byte EVT = 0;
    private static final byte PROC = 1;
    private static final byte FD = 2;
    private static final byte USER = 3;
    private static final byte CONTAINER = 4;
    /** The extractor group of each field code, decided once instead of by name prefix per extraction. */
    private static final byte[] GROUPS = new byte[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            String f = NAMES[i];
            GROUPS[i] = f.startsWith("evt.") || f.equals("syscall.type") ? EVT
                    : f.startsWith("proc.") || f.startsWith("thread.") ? PROC
                    : f.startsWith("fd.") ? FD
                    : f.startsWith("user.") || f.startsWith("group.") ? USER : CONTAINER;
        }
    }

    // ---- evt.*

    private Object evt(String f, String arg) {
        SyscallEvent e = ctx.event();
        EventInfo info = e.info();
        switch (f) {
            case "evt.num": return e.num();
            case "evt.type": case "syscall.type": return e.name();
            case "evt.dir": return e.isExit() ? "<" : ">";
            case "evt.cpu": return e.cpu();
            case "evt.rawtime": return e.ts();
            case "evt.time": return TIME.format(Instant.ofEpochSecond(0, e.ts())) + String.format(".%09d", e.ts() % 1_000_000_000L);
            case "evt.time.iso8601": return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(0, e.ts()));
            case "evt.datetime": return Instant.ofEpochSecond(0, e.ts()).toString();
            case "evt.source": return "syscall";
            case "evt.category": return info == null ? null : info.category().split("\\|")[0].toLowerCase();
            case "evt.res": {
                if (!hasReturn(e)) {
                    return null;
                }
                long r = e.paramLong(0);
                if (r >= 0) {
                    return "SUCCESS";
                }
                return argText(e, 0);
            }
            case "evt.rawres": return hasReturn(e) ? e.paramLong(0) : null;
            case "evt.failed": return hasReturn(e) && e.paramLong(0) < 0;
            case "evt.is_open_read": return openFlags(e, 1);
            case "evt.is_open_write": return openFlags(e, 2);
            case "evt.is_open_exec": return openExec(e);
            case "evt.is_open_create": return openCreate(e);
            case "evt.is_io": return info != null && info.has(EventFlag.READS_FROM_FD | EventFlag.WRITES_TO_FD);
            case "evt.is_io_read": return info != null && info.has(EventFlag.READS_FROM_FD);
            case "evt.is_io_write": return info != null && info.has(EventFlag.WRITES_TO_FD);
            case "evt.arg": case "evt.rawarg": return arg(e, arg, f.equals("evt.rawarg"));
            case "evt.args": {
                if (e.type() == 1) {
                    return ""; // generic exit events: arguments are for internal use only
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; info != null && i < e.paramCount() && i < info.paramCount(); i++) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(info.param(i).name()).append('=').append(ParamText.raw(e, i));
                    String r = resolved(e, i);
                    if (!r.isEmpty()) {
                        sb.append('(').append(r).append(')');
                    }
                }
                return sb.toString();
            }
            case "evt.buffer": {
                int i = dataParam(e);
                return i < 0 ? null : e.paramBytes(i);
            }
            case "evt.buflen": {
                int i = dataParam(e);
                return i < 0 ? null : (Object) (long) e.paramLength(i);
            }
            default: return null;
        }
    }

    private static boolean hasReturn(SyscallEvent e) {
        EventInfo info = e.info();
        return info != null && e.isExit() && info.isSyscall() && e.paramCount() > 0 && !info.name().equals("syscall");
    }

    private Boolean openFlags(SyscallEvent e, long bit) {
        String n = e.name();
        if (!(n.equals("open") || n.equals("openat") || n.equals("openat2") || n.equals("open_by_handle_at"))) {
            return false;
        }
        int i = P_FLAGS.in(e);
        long flags;
        if (i >= 0) {
            flags = e.paramLong(i);
        } else if (ctx.fd() != null) {
            flags = ctx.fd().openFlags;
        } else {
            return false;
        }
        return (flags & bit) != 0;
    }

    private static final long PPM_O_CREAT = 1 << 2;
    private static final long PPM_O_TMPFILE = 1 << 13;
    private static final long PPM_O_F_CREATED = 1 << 14;
    /** {@code PPM_S_IXUSR | PPM_S_IXGRP | PPM_S_IXOTH}. */
    private static final long EXEC_MODE_BITS = 1 << 6 | 1 << 3 | 1;

    private static boolean isOpen(String n) {
        return n.equals("open") || n.equals("openat") || n.equals("openat2") || n.equals("open_by_handle_at");
    }

    /** libsinsp: the driver marked the file created, or an O_TMPFILE open succeeded. */
    private static Boolean openCreate(SyscallEvent e) {
        if (!isOpen(e.name())) {
            return false;
        }
        int i = P_FLAGS.in(e);
        long flags = i < 0 ? 0 : e.paramLong(i);
        return (flags & PPM_O_F_CREATED) != 0 || (flags & PPM_O_TMPFILE) != 0 && hasReturn(e) && e.paramLong(0) >= 0;
    }

    /** libsinsp: a creating open (O_CREAT or O_TMPFILE) or creat() whose mode has an execute bit. */
    private static Boolean openExec(SyscallEvent e) {
        String n = e.name();
        int mode = P_MODE.in(e);
        if (n.equals("creat")) {
            return mode >= 0 && (e.paramLong(mode) & EXEC_MODE_BITS) != 0;
        }
        if (!isOpen(n) || n.equals("open_by_handle_at")) {
            return false;
        }
        int i = P_FLAGS.in(e);
        long flags = i < 0 ? 0 : e.paramLong(i);
        return (flags & (PPM_O_TMPFILE | PPM_O_CREAT)) != 0 && mode >= 0 && e.paramLength(mode) > 0
                && (e.paramLong(mode) & EXEC_MODE_BITS) != 0;
    }

    private static int dataParam(SyscallEvent e) {
        int i = P_DATA.in(e);
        if (i < 0) {
            i = P_BUF.in(e);
        }
        return i;
    }

    private Object arg(SyscallEvent e, String arg, boolean raw) {
        if (arg == null) {
            return null;
        }
        int i;
        if (!arg.isEmpty() && Character.isDigit(arg.charAt(0))) {
            try {
                i = Integer.parseInt(arg);
            } catch (NumberFormatException ex) {
                return null;
            }
        } else {
            i = e.paramIndex(arg);
        }
        if (i < 0 || i >= e.paramCount()) {
            return null;
        }
        if (raw) {
            return e.paramType(i).isInteger() ? (Object) e.paramLong(i) : ParamText.render(e, i);
        }
        return argText(e, i);
    }

    /** A parameter as {@code evt.arg} shows it: the resolved form when there is one, else the raw form. */
    private String argText(SyscallEvent e, int i) {
        ParamType t = i < e.paramCount() ? e.paramType(i) : null;
        if (t == ParamType.ERRNO || t == ParamType.FLAGS8 || t == ParamType.FLAGS16 || t == ParamType.FLAGS32
                || t == ParamType.ENUMFLAGS8 || t == ParamType.ENUMFLAGS16 || t == ParamType.ENUMFLAGS32) {
            // a function of the event type, the parameter and its value alone, and the same few values recur
            // (O_RDONLY|O_CLOEXEC, SUCCESS, ENOENT): remembered instead of rendered per event
            return flagTexts.text(e, i, this::uncachedArgText);
        }
        return uncachedArgText(e, i);
    }

    private String uncachedArgText(SyscallEvent e, int i) {
        String r = resolved(e, i);
        return r.isEmpty() ? ParamText.raw(e, i) : r;
    }

    /**
     * The resolved part of {@code sinsp_evt::get_param_as_str}: fds as {@code <f>/path} ({@code AT_FDCWD}, or
     * the errno name when negative), pids as the thread's comm, relative paths made absolute, flag/enum names,
     * errno names; "" when nothing resolves.
     */
    private String resolved(SyscallEvent e, int i) {
        if (i >= e.paramCount() || e.paramLength(i) == 0) {
            return "";
        }
        ParamType t = e.paramType(i);
        ThreadInfo th = ctx.thread();
        switch (t) {
            case FSPATH:
            case FSRELPATH: {
                if (th == null) {
                    return "";
                }
                String path = e.paramString(i);
                String abs = resolvedPath(e, i, t);
                return abs.equals(path) ? "" : abs;
            }
            case FD:
            case FD32: {
                long fd = e.paramLong(i);
                if (th == null) {
                    return "";
                }
                if (fd >= 0) {
                    FdInfo f = ctx.threads().fds(th).get(fd);
                    if (f == null) {
                        return "";
                    }
                    String proto = "";
                    if (f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK || f.type == FdType.IPV4_SERVSOCK
                            || f.type == FdType.IPV6_SERVSOCK) {
                        proto = f.l4proto == 2 ? "t" : f.l4proto == 3 ? "u" : f.l4proto == 4 ? "i" : f.l4proto == 5 ? "r" : "";
                    }
                    return "<" + f.type.typeChar() + proto + ">" + f.name;
                }
                if (fd == -100) {
                    return "AT_FDCWD";
                }
                return dev.peregrine.syscalls.Errno.name(fd);
            }
            case PID:
            case PID32: {
                ThreadInfo p = ctx.threads().get(e.paramLong(i));
                return p == null ? "" : p.comm;
            }
            case ERRNO:
            case FLAGS8:
            case FLAGS16:
            case FLAGS32:
            case ENUMFLAGS8:
            case ENUMFLAGS16:
            case ENUMFLAGS32: {
                String r = ParamText.render(e, i);
                return r.equals(ParamText.raw(e, i)) || r.equals(Long.toString(e.paramLong(i))) ? "" : r;
            }
            default:
                return "";
        }
    }

    /**
     * libsinsp resolves relative path parameters for display: against the dirfd parameter named in the table
     * ({@code DIRFD_PARAM(n)}) for {@code PT_FSRELPATH}, against the cwd for {@code PT_FSPATH}.
     */
    private String resolvedPath(SyscallEvent e, int i, ParamType t) {
        String path = e.paramString(i);
        if (path == null || path.isEmpty() || path.charAt(0) == '/' || path.equals("<NA>")) {
            return path == null ? "" : path;
        }
        String table = e.info().param(i).flagTable();
        if (t == ParamType.FSRELPATH && table != null && table.startsWith("DIRFD_PARAM(")) {
            int d = Integer.parseInt(table.substring("DIRFD_PARAM(".length(), table.length() - 1));
            if (d >= e.paramCount() || e.paramLength(d) == 0) {
                return path;
            }
            String dir = dirOf(path, e.paramLong(d));
            return dir.equals("<UNKNOWN>") ? path : Paths.concatenate(dir, path);
        }
        return Paths.concatenate(ctx.threads().cwd(ctx.thread()), path);
    }

    // ---- proc.* / thread.*

    private Object proc(String f, String arg) {
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return null;
        }
        ThreadTable tt = ctx.threads();
        switch (f) {
            case "proc.name": return t.comm;
            case "proc.pid": return t.pid;
            case "proc.ppid": {
                ThreadInfo m = tt.mainThread(t);
                return (m == null ? t : m).ptid;
            }
            case "proc.exe": return t.exe;
            case "proc.exepath": return t.exepath;
            case "proc.args": {
                if (arg != null) {
                    try {
                        int n = Integer.parseInt(arg);
                        return n >= 0 && n < t.args.length ? t.args[n] : null;
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                }
                return t.argsLine();
            }
            case "proc.cmdline": return t.cmdline();
            case "proc.exeline": return t.args.length == 0 ? t.exe : t.exe + " " + t.argsLine();
            case "proc.cmdnargs": return (long) t.args.length;
            case "proc.cmdlenargs": {
                long n = 0;
                for (String a : t.args) {
                    n += a.length();
                }
                return n;
            }
            case "proc.pname": case "proc.pcmdline": case "proc.pexe": case "proc.pexepath": case "proc.pvpid": {
                ThreadInfo p = tt.parent(t);
                if (p == null) {
                    return null;
                }
                switch (f) {
                    case "proc.pname": return p.comm;
                    case "proc.pcmdline": return p.cmdline();
                    case "proc.pexe": return p.exe;
                    case "proc.pexepath": return p.exepath;
                    default: return p.vpid;
                }
            }
            case "proc.aname": case "proc.aexe": case "proc.aexepath": case "proc.apid":
                return ancestor(t, f, arg);
            case "proc.cwd": return tt.cwd(t);
            case "proc.tty": return t.tty;
            case "proc.vpid": return t.vpid;
            case "proc.sid": return t.sid;
            case "proc.vpgid": return t.vpgid;
            case "proc.pgid": return t.pgid;
            case "proc.is_sid_leader": return t.sid == t.vpid;
            case "proc.is_vpgid_leader": return t.vpgid == t.vpid;
            case "proc.sname": {
                ThreadInfo s = t;
                ThreadInfo p = tt.parent(t);
                // libsinsp walks up while the ancestor is in the same session
                while (p != null && p.sid == t.sid && p != s) {
                    s = p;
                    p = tt.parent(p);
                }
                return s.comm;
            }
            case "proc.is_exe_upper_layer": return t.exeUpperLayer;
            case "proc.is_exe_lower_layer": return t.exeLowerLayer;
            case "proc.is_exe_from_memfd": return t.exeFromMemfd;
            case "proc.is_exe_writable": return t.exeWritable;
            case "proc.duration": {
                ThreadInfo m = tt.mainThread(t);
                long start = (m == null ? t : m).cloneTs;
                return start == 0 ? null : (Object) (ctx.event().ts() - start);
            }
            case "proc.env": {
                if (arg == null) {
                    return String.join(" ", t.env);
                }
                for (String kv : t.env) {
                    if (kv.startsWith(arg + "=")) {
                        return kv.substring(arg.length() + 1);
                    }
                }
                return "";
            }
            case "proc.exe_ino": return t.exeIno;
            case "proc.exe_ino.ctime": return t.exeInoCtime;
            case "proc.exe_ino.mtime": return t.exeInoMtime;
            case "proc.fdlimit": return t.fdlimit;
            case "thread.tid": return t.tid;
            case "thread.vtid": return t.vtid;
            case "thread.ismain": return t.isMainThread();
            case "thread.cap_effective": return Capabilities.render(t.capEffective);
            case "thread.cap_permitted": return Capabilities.render(t.capPermitted);
            case "thread.cap_inheritable": return Capabilities.render(t.capInheritable);
            case "thread.cgroups": return String.join(" ", t.cgroups);
            case "thread.cgroup": return arg == null ? null : t.cgroup(arg);
            default: return null;
        }
    }

    private Object ancestor(ThreadInfo t, String f, String arg) {
        ThreadTable tt = ctx.threads();
        if (arg != null) {
            int n;
            try {
                n = Integer.parseInt(arg);
            } catch (NumberFormatException ex) {
                return null;
            }
            ThreadInfo a = t;
            for (int i = 0; i < n && a != null; i++) {
                a = tt.parent(a);
            }
            return a == null ? null : ancestorValue(a, f);
        }
        // No index: every ancestor (parent upwards); a filter matches if any does.
        ThreadInfo a = tt.parent(t);
        if (a == null) {
            return null;
        }
        List<Object> all = new ArrayList<>(6);
        int which = f.equals("proc.aname") ? 0 : f.equals("proc.aexe") ? 1 : f.equals("proc.aexepath") ? 2 : 3;
        int guard = 0;
        while (a != null && guard++ < 256) {
            all.add(which == 0 ? a.comm : which == 1 ? a.exe : which == 2 ? a.exepath : (Object) a.pid);
            ThreadInfo next = tt.parent(a);
            if (next == a) {
                break;
            }
            a = next;
        }
        return all.isEmpty() ? null : all;
    }

    private static Object ancestorValue(ThreadInfo a, String f) {
        switch (f) {
            case "proc.aname": return a.comm;
            case "proc.aexe": return a.exe;
            case "proc.aexepath": return a.exepath;
            default: return a.pid;
        }
    }

    // ---- fd.*

    private Object fd(String f) {
        SyscallEvent e = ctx.event();
        EventInfo info = e.info();
        ThreadInfo t = ctx.thread();
        if (info == null || t == null
                || (info.flags() & (EventFlag.CREATES_FD | EventFlag.USES_FD | EventFlag.DESTROYS_FD)) == 0) {
            return null;
        }
        if (f.equals("fd.num")) {
            return ctx.fdNum();
        }
        FdInfo fd = ctx.fd();
        switch (f) {
            case "fd.name": return fd == null ? nameFromEvent(e, false) : fd.name;
            case "fd.nameraw": return fd == null ? nameFromEvent(e, true) : fd.nameRaw;
            case "fd.type": return fd == null ? null : fd.type.typeName();
            case "fd.types": return fd == null ? null : List.of(fd.type.typeName());
            case "fd.typechar": return CHARS[(fd == null ? typeCharFromEvent(e) : fd.type.typeChar()) & 0x7f];
            case "fd.directory": {
                String name;
                if (fd == null) {
                    name = nameFromEvent(e, false);
                    if (name == null) {
                        return null;
                    }
                } else if (!(fd.type.isFile() || fd.type == FdType.DIRECTORY)) {
                    return null;
                } else {
                    name = fd.name;
                }
                if (fd == null) {
                    return directoryOf(name);
                }
                if (fd.type.isFile()) {
                    if (fd.directoryOf != name) {
                        fd.directory = directoryOf(name);
                        fd.directoryOf = name;
                    }
                    return fd.directory;
                }
                return name;
            }
            case "fd.filename": {
                if (fd == null || !fd.type.isFile()) {
                    return null;
                }
                String name = fd.name;
                if (fd.filenameOf != name) {
                    int p = name.lastIndexOf('/');
                    fd.filename = p < 0 ? "/" : p < name.length() - 1 ? name.substring(p + 1) : name;
                    fd.filenameOf = name;
                }
                return fd.filename;
            }
            case "fd.ino": return fd == null ? null : (Object) fd.ino;
            case "fd.dev": return fd == null ? null : (Object) (long) fd.dev;
            case "fd.l4proto": {
                if (fd == null) {
                    return null;
                }
                if (fd.type == FdType.IPV4_SOCK || fd.type == FdType.IPV6_SOCK || fd.type == FdType.IPV4_SERVSOCK
                        || fd.type == FdType.IPV6_SERVSOCK) {
                    return FdInfo.l4protoName(fd.l4proto);
                }
                return null;
            }
            case "fd.sockfamily": {
                if (fd == null) {
                    return null;
                }
                switch (fd.type) {
                    case IPV4_SOCK: case IPV6_SOCK: case IPV4_SERVSOCK: case IPV6_SERVSOCK: return "ip";
                    case UNIX_SOCK: return "unix";
                    default: return null;
                }
            }
            case "fd.is_server": {
                // libsinsp: listening sockets, or connected sockets whose server address is this machine's
                if (fd == null) {
                    return null;
                }
                switch (fd.type) {
                    case IPV4_SERVSOCK: case IPV6_SERVSOCK: return true;
                    case IPV4_SOCK: return ctx.state().interfaces().isLocal(fd.dip);
                    case IPV6_SOCK: return ctx.state().interfaces().isLocal(fd.dip6);
                    default: return false;
                }
            }
            case "fd.connected": return fd == null ? null : (Object) ((fd.flags & FdInfo.FLAG_CONNECTED) != 0);
            case "fd.name_changed": return fd == null ? null : Boolean.FALSE;
            case "fd.cip": case "fd.cnet": return ip(fd, Side.CLIENT);
            case "fd.sip": case "fd.snet": return ip(fd, Side.SERVER);
            case "fd.lip": case "fd.lnet": return localRemote(fd, true, true);
            case "fd.rip": case "fd.rnet": return localRemote(fd, false, true);
            case "fd.ip": case "fd.net": return both(ip(fd, Side.CLIENT), ip(fd, Side.SERVER));
            case "fd.cport": return port(fd, Side.CLIENT);
            case "fd.sport": return port(fd, Side.SERVER);
            case "fd.lport": return localRemote(fd, true, false);
            case "fd.rport": return localRemote(fd, false, false);
            case "fd.port": return both(port(fd, Side.CLIENT), port(fd, Side.SERVER));
            default: return null;
        }
    }

    private static String directoryOf(String name) {
        int p = name.lastIndexOf('/');
        if (p > 0) {
            return p < name.length() - 1 ? name.substring(0, p) : name;
        }
        return "/";
    }

    /**
     * libsinsp's local/remote view of a connected IP socket: the client side is local when its address is one
     * of this machine's interfaces; listening and non-IP sockets have none.
     */
    private Object localRemote(FdInfo fd, boolean local, boolean ip) {
        if (fd == null || fd.role == FdInfo.ROLE_NONE || fd.type != FdType.IPV4_SOCK && fd.type != FdType.IPV6_SOCK) {
            return null;
        }
        boolean clientLocal = fd.type == FdType.IPV4_SOCK ? ctx.state().interfaces().isLocal(fd.sip)
                : ctx.state().interfaces().isLocal(fd.sip6);
        Side s = clientLocal == local ? Side.CLIENT : Side.SERVER;
        return ip ? ip(fd, s) : port(fd, s);
    }

    private static Object both(Object a, Object b) {
        if (a == null && b == null) {
            return null;
        }
        List<Object> l = new ArrayList<>(2);
        if (a != null) {
            l.add(a);
        }
        if (b != null) {
            l.add(b);
        }
        return l;
    }

    /** The two ends of an IP socket as libsinsp names them: client (connecting) and server. */
    private enum Side { CLIENT, SERVER }

    private Object ip(FdInfo fd, Side side) {
        if (fd == null) {
            return null;
        }
        Side s = side;
        switch (fd.type) {
            case IPV4_SOCK:
                if (fd.role == FdInfo.ROLE_NONE) {
                    return null;
                }
                return ipv4Bytes(s == Side.CLIENT ? fd.sip : fd.dip);
            case IPV6_SOCK:
                if (fd.role == FdInfo.ROLE_NONE) {
                    return null;
                }
                return s == Side.CLIENT ? fd.sip6 : fd.dip6;
            case IPV4_SERVSOCK:
                return s == Side.SERVER ? ipv4Bytes(fd.dip) : null;
            case IPV6_SERVSOCK:
                return s == Side.SERVER ? fd.dip6 : null;
            default:
                return null;
        }
    }

    private static Object port(FdInfo fd, Side side) {
        if (fd == null) {
            return null;
        }
        Side s = side;
        switch (fd.type) {
            case IPV4_SOCK:
            case IPV6_SOCK:
                if (fd.role == FdInfo.ROLE_NONE) {
                    return null;
                }
                return (long) (s == Side.CLIENT ? fd.sport : fd.dport);
            case IPV4_SERVSOCK:
            case IPV6_SERVSOCK:
                return s == Side.SERVER ? (Object) (long) fd.dport : null;
            default:
                return null;
        }
    }

    /**
     * An IPv4 address as the 4 bytes {@link FieldSource} expects. The same peers recur from event to event, so
     * recent answers are kept in a small direct-mapped table (readers never modify the arrays).
     */
    private byte[] ipv4Bytes(int a) {
        int slot = (a ^ a >>> 16) & (IPV4_SLOTS - 1);
        byte[] b = ipv4Bytes[slot];
        if (b != null && ipv4Keys[slot] == a) {
            return b;
        }
        b = new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        ipv4Keys[slot] = a;
        ipv4Bytes[slot] = b;
        return b;
    }

    private static final int IPV4_SLOTS = 256;
    private final int[] ipv4Keys = new int[IPV4_SLOTS];
    private final byte[][] ipv4Bytes = new byte[IPV4_SLOTS][];

    /** libsinsp {@code extract_fdname_from_event}: name from the parameters when no fd entry exists. */
    private String nameFromEvent(SyscallEvent e, boolean raw) {
        if (!e.isExit()) {
            return null;
        }
        switch (e.name()) {
            case "open":
            case "creat":
            case "accept":
            case "accept4":
            case "connect":
                return e.paramCount() > 1 ? ParamText.render(e, 1) : "";
            case "openat":
            case "openat2": {
                int n = P_NAME.in(e);
                if (n < 0 || e.paramLength(n) == 0) {
                    return null;
                }
                String name = e.paramString(n);
                if (raw) {
                    return name;
                }
                int d = P_DIRFD.in(e);
                if (d < 0 || e.paramLength(d) == 0) {
                    return null;
                }
                return Paths.concatenate(ctx.state() == null ? "" : dirOf(name, e.paramLong(d)), name);
            }
            case "open_by_handle_at": {
                int p = P_PATH.in(e);
                return p < 0 ? "" : e.paramString(p);
            }
            default:
                return "";
        }
    }

    private String dirOf(String name, long dirfd) {
        if (!name.isEmpty() && name.charAt(0) == '/') {
            return ".";
        }
        ThreadInfo t = ctx.thread();
        if (dirfd == -100) {
            return ctx.threads().cwd(t);
        }
        FdInfo d = ctx.threads().fds(t).get(dirfd);
        if (d == null) {
            return "<UNKNOWN>";
        }
        return d.name.isEmpty() || d.name.endsWith("/") ? d.name : d.name + "/";
    }

    /**
     * libsinsp {@code sinsp_evt::extract_typechar}, for fd events without an fd entry (failed or enter events).
     * Current libsinsp has no case for {@code open} (so a failed {@code open} reads {@code o}); sysdig 0.29.3 had.
     */
    private static char typeCharFromEvent(SyscallEvent e) {
        switch (e.name()) {
            case "openat": case "openat2": case "creat": return 'f';
            case "socket": case "accept": case "accept4": return '4';
            case "pipe": case "pipe2": return 'p';
            case "eventfd": case "eventfd2": return 'e';
            case "signalfd": case "signalfd4": return 's';
            case "timerfd_create": return 't';
            case "inotify_init": case "inotify_init1": return 'i';
            default: return 'o';
        }
    }

    // ---- user.* / group.*

    private Object user(String f) {
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return null;
        }
        UserTable users = ctx.users();
        switch (f) {
            case "user.uid": return t.uid;
            case "user.loginuid": return (long) (int) t.loginuid;
            case "group.gid": return t.gid;
            case "user.name": case "user.homedir": case "user.shell": {
                UserTable.User u = users.user(t.uid);
                if (u == null) {
                    return null;
                }
                return f.equals("user.name") ? u.name() : f.equals("user.homedir") ? u.homedir() : u.shell();
            }
            case "user.loginname": {
                if (t.loginuid == 0xffffffffL) {
                    return null;
                }
                UserTable.User u = users.user(t.loginuid);
                return u == null ? null : u.name();
            }
            case "group.name": {
                UserTable.Group g = users.group(t.gid);
                return g == null ? null : g.name();
            }
            default: return null;
        }
    }

    // ---- container.* / k8s.*

    private Object container(String f, String arg) {
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return null;
        }
        String id = ctx.containerId(t);
        boolean host = ContainerIds.HOST.equals(id);
        switch (f) {
            case "container.id": return id;
            case "container.full_id": return host ? id : null;
            case "container.name": return host ? "host" : null;
            case "container.type": {
                if (host) {
                    return "host";
                }
                ContainerIds.Match m = ctx.state().containerIds().match(t);
                return m == null ? null : m.engine().name().toLowerCase();
            }
            default: return host || id == null || !f.startsWith("k8s.") ? null : k8s(f, arg, id);
        }
    }

    /**
     * k8s.* from the kubernetes filter's pod cache (container id to pod, through the node's pod list), so rules
     * that test the pod or namespace work; null when no kubernetes filter runs or the pod is unknown.
     */
    private static Object k8s(String f, String arg, String containerId) {
        var pod = PodResolver.current().flatMap(r -> r.byContainerId(containerId)).orElse(null);
        if (pod == null) {
            return null;
        }
        return switch (f) {
            case "k8s.pod.name" -> pod.podName();
            case "k8s.ns.name" -> pod.namespace();
            case "k8s.pod.id", "k8s.pod.uid" -> pod.podId();
            case "k8s.pod.labels" -> {
                java.util.List<String> l = new java.util.ArrayList<>();
                pod.labels().forEach((k, v) -> l.add(k + ":" + v));
                yield l;
            }
            case "k8s.pod.label" -> arg == null ? null : pod.labels().get(arg);
            case "k8s.pod.ip" -> podIp(pod.kubernetes());
            default -> null;
        };
    }

    /** The pod's IP from its metadata map (the kubernetes filter's {@code pod_ip}), or null. */
    private static String podIp(org.msgpack.value.MapValue kubernetes) {
        if (kubernetes == null) {
            return null;
        }
        org.msgpack.value.Value v = kubernetes.map().get(org.msgpack.value.ValueFactory.newString("pod_ip"));
        return v != null && v.isStringValue() ? v.asStringValue().asString() : null;
    }
}
