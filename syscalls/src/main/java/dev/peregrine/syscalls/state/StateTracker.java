package dev.peregrine.syscalls.state;

import dev.peregrine.syscalls.EventFlag;
import dev.peregrine.syscalls.EventInfo;
import dev.peregrine.syscalls.EventTable;
import dev.peregrine.syscalls.ParamText;
import dev.peregrine.syscalls.ParamType;
import dev.peregrine.syscalls.ParamKey;
import dev.peregrine.syscalls.SyscallEvent;

/**
 * Keeps the thread and fd tables current from the event stream, following libsinsp's parsers
 * ({@code userspace/libsinsp/parsers.cpp}): {@code reset()} binds each event to its thread and fd, then the
 * per-syscall parser updates state (clone/fork/vfork/clone3, execve/execveat, procexit, open family, close,
 * dup family, socket/connect/accept/bind/socketpair, pipe, fd-creating calls, chdir/fchdir, set*id, capset,
 * setsid, chroot).
 *
 * <p>Events are dispatched by name and direction, not by code, so every historical version of an event
 * (old captures) goes through the same parser; parameters are looked up by name and may be absent.
 *
 * <p>Enter events (old captures) are kept only for the few exit parsers that need their parameters, the way
 * libsinsp's {@code retrieve_enter_event} does.
 */
public final class StateTracker {
    // Parameters read by name, resolved once per event type.
    private static final ParamKey P_ADDR = new ParamKey("addr");
    private static final ParamKey P_ARGS = new ParamKey("args");
    private static final ParamKey P_CAP_EFFECTIVE = new ParamKey("cap_effective");
    private static final ParamKey P_CAP_INHERITABLE = new ParamKey("cap_inheritable");
    private static final ParamKey P_CAP_PERMITTED = new ParamKey("cap_permitted");
    private static final ParamKey P_CGROUPS = new ParamKey("cgroups");
    private static final ParamKey P_COMM = new ParamKey("comm");
    private static final ParamKey P_CWD = new ParamKey("cwd");
    private static final ParamKey P_DEV = new ParamKey("dev");
    private static final ParamKey P_DIRFD = new ParamKey("dirfd");
    private static final ParamKey P_DOMAIN = new ParamKey("domain");
    private static final ParamKey P_ENV = new ParamKey("env");
    private static final ParamKey P_EXE = new ParamKey("exe");
    private static final ParamKey P_EXE_INO = new ParamKey("exe_ino");
    private static final ParamKey P_EXE_INO_CTIME = new ParamKey("exe_ino_ctime");
    private static final ParamKey P_EXE_INO_MTIME = new ParamKey("exe_ino_mtime");
    private static final ParamKey P_FD1 = new ParamKey("fd1");
    private static final ParamKey P_FD2 = new ParamKey("fd2");
    private static final ParamKey P_FDLIMIT = new ParamKey("fdlimit");
    private static final ParamKey P_FILENAME = new ParamKey("filename");
    private static final ParamKey P_FLAGS = new ParamKey("flags");
    private static final ParamKey P_GID = new ParamKey("gid");
    private static final ParamKey P_INO = new ParamKey("ino");
    private static final ParamKey P_LOGINUID = new ParamKey("loginuid");
    private static final ParamKey P_NAME = new ParamKey("name");
    private static final ParamKey P_PATH = new ParamKey("path");
    private static final ParamKey P_PATHNAME = new ParamKey("pathname");
    private static final ParamKey P_PEER = new ParamKey("peer");
    private static final ParamKey P_PGID = new ParamKey("pgid");
    private static final ParamKey P_PID = new ParamKey("pid");
    private static final ParamKey P_PROTO = new ParamKey("proto");
    private static final ParamKey P_PTID = new ParamKey("ptid");
    private static final ParamKey P_SOURCE = new ParamKey("source");
    private static final ParamKey P_TID = new ParamKey("tid");
    private static final ParamKey P_TRUSTED_EXEPATH = new ParamKey("trusted_exepath");
    private static final ParamKey P_TTY = new ParamKey("tty");
    private static final ParamKey P_TUPLE = new ParamKey("tuple");
    private static final ParamKey P_TYPE = new ParamKey("type");
    private static final ParamKey P_UID = new ParamKey("uid");
    private static final ParamKey P_VPGID = new ParamKey("vpgid");
    private static final ParamKey P_VPID = new ParamKey("vpid");
    private static final ParamKey P_VTID = new ParamKey("vtid");

    private static final long CL_CLONE_FILES = 1;
    private static final long CL_CLONE_THREAD = 1 << 13;
    private static final long CL_CHILD_IN_PIDNS = 1 << 29;
    private static final long CL_CLONE_NEWPID = 1 << 6;
    private static final long AT_FDCWD = -100;
    private static final int O_DIRECTORY = 1 << 10;
    private static final int O_CLOEXEC = 1 << 12;
    private static final int EINPROGRESS = 115;

    private enum Kind {
        NONE, CLONE, EXECVE, PROCEXIT, OPEN, OPENAT, CREAT, OPEN_BY_HANDLE, CLOSE, DUP, SOCKET, CONNECT, ACCEPT,
        BIND, SOCKETPAIR, PIPE, EVENTFD, SIGNALFD, TIMERFD, INOTIFY, EPOLL, BPF, USERFAULTFD, IO_URING, MEMFD, PIDFD,
        CHDIR, FCHDIR, SETUID, SETGID, SETRESUID, SETRESGID, SETREUID, SETREGID, CAPSET, SETSID, CHROOT, SCHEDSWITCH
    }

    private static final Kind[] KIND = new Kind[EventTable.size()];
    /** Per event code: where an enter / exit event carries its fd (-1: nowhere), decided once per code. */
    private static final int[] ENTER_FD = new int[EventTable.size()];
    private static final int[] EXIT_FD = new int[EventTable.size()];
    /** Per event code: whether its first parameter is an fd (the enter-event fallback). */
    private static final boolean[] ENTER_FD0 = new boolean[EventTable.size()];

    static {
        for (int c = 0; c < KIND.length; c++) {
            EventInfo info = EventTable.get(c);
            KIND[c] = kindOf(info.name());
            ENTER_FD[c] = info.paramIndex("fd");
            ENTER_FD0[c] = info.paramCount() > 0 && info.param(0).type() == ParamType.FD;
            EXIT_FD[c] = -1;
            for (int p = 1; p < info.paramCount(); p++) {
                String n = info.param(p).name();
                if ((n.equals("fd") || n.equals("oldfd") || n.equals("dirfd") && info.name().equals("fchdir"))
                        && (info.param(p).type() == ParamType.FD || info.param(p).type() == ParamType.FD32)) {
                    EXIT_FD[c] = p;
                    break;
                }
            }
        }
    }

    private final ThreadTable threads;
    private final UserTable users;
    private final ContainerIds containerIds = new ContainerIds();
    private NetworkInterfaces interfaces = new NetworkInterfaces();
    private final EventContext ctx = new EventContext(this);
    private long pendingRemoval = Long.MIN_VALUE;

    public StateTracker(ThreadTable threads, UserTable users) {
        this.threads = threads;
        this.users = users;
    }

    public StateTracker() {
        this(new ThreadTable(), new UserTable());
    }

    public ThreadTable threads() {
        return threads;
    }

    public UserTable users() {
        return users;
    }

    /** The machine's interface addresses (local vs remote socket side). */
    public NetworkInterfaces interfaces() {
        return interfaces;
    }

    public StateTracker interfaces(NetworkInterfaces interfaces) {
        this.interfaces = interfaces;
        return this;
    }

    public ContainerIds containerIds() {
        return containerIds;
    }

    /** The context of the last applied event. */
    public EventContext context() {
        return ctx;
    }

    /** Binds {@code e} to its thread and fd, then updates state from it. Returns the reused context. */
    public EventContext apply(SyscallEvent e) {
        if (pendingRemoval != Long.MIN_VALUE) {
            // libsinsp removes an exited thread when the next event arrives, so the procexit event itself
            // still sees it.
            threads.remove(pendingRemoval);
            pendingRemoval = Long.MIN_VALUE;
        }
        ctx.event = e;
        ctx.thread = null;
        ctx.fd = null;
        ctx.fdNum = -1;
        EventInfo info = e.info();
        if (info == null) {
            return ctx;
        }
        Kind kind = KIND[e.type()];
        if (info.has(EventFlag.SKIPPARSERESET)) {
            ctx.thread = e.name().equals("procinfo") ? threads.get(e.tid()) : null;
            return ctx;
        }
        boolean queryOs = !(kind == Kind.CLONE && e.isExit() || kind == Kind.PROCEXIT || kind == Kind.SCHEDSWITCH);
        ThreadInfo t = queryOs ? threads.getOrPlaceholder(e.tid()) : threads.get(e.tid());
        ctx.thread = t;
        if (kind == Kind.SCHEDSWITCH) {
            return ctx;
        }
        if (t == null) {
            if (kind == Kind.CLONE && e.isExit()) {
                parseClone(e, null);
                ctx.thread = threads.get(e.tid());
            }
            return ctx;
        }
        boolean usesFd = info.has(EventFlag.USES_FD);
        if (kind == Kind.PROCEXIT) {
            // procexit is an enter-only tracepoint event
            pendingRemoval = t.tid;
            return ctx;
        }
        if (!e.isExit()) {
            t.lastEventFd = -1;
            t.lastEventType = e.type();
            if (usesFd) {
                int loc = enterFdLocation(e);
                if (loc >= 0) {
                    t.lastEventFd = e.paramLong(loc);
                    ctx.fd = threads.fds(t).get(t.lastEventFd);
                }
            }
            rememberEnter(e, t, kind);
            ctx.fdNum = t.lastEventFd;
            return ctx;
        }
        boolean valid = e.type() == t.lastEventType + 1
                || kind == Kind.EXECVE && t.lastEventType >= 0 && EventTable.get(t.lastEventType).name().equals("execveat");
        if (!valid) {
            t.lastEventFd = -1;
            t.lastEnterPath = null;
            t.lastEnterDirfd = Long.MIN_VALUE;
            t.lastEnterFlags = -1;
        }
        if (usesFd) {
            if (t.lastEventFd == -1) {
                int loc = exitFdLocation(e);
                if (loc >= 0 && e.paramLength(loc) > 0) {
                    t.lastEventFd = e.paramLong(loc);
                }
            }
            ctx.fd = threads.fds(t).get(t.lastEventFd);
        }
        parseExit(e, t, kind);
        t.lastEventType = -1;
        ctx.fdNum = t.lastEventFd;
        if (ctx.fd == null && t.lastEventFd != -1 && (info.flags() & (EventFlag.CREATES_FD | EventFlag.USES_FD
                | EventFlag.DESTROYS_FD)) != 0 && kind != Kind.CLOSE) {
            ctx.fd = threads.fds(t).get(t.lastEventFd);
        }
        return ctx;
    }

    private static int enterFdLocation(SyscallEvent e) {
        int i = ENTER_FD[e.type()];
        if (i >= e.paramCount()) {
            i = -1;
        }
        if (i < 0 && e.paramCount() > 0 && ENTER_FD0[e.type()]) {
            i = 0;
        }
        return i;
    }

    private static int exitFdLocation(SyscallEvent e) {
        int i = EXIT_FD[e.type()];
        return i < e.paramCount() ? i : -1;
    }

    private static void rememberEnter(SyscallEvent e, ThreadInfo t, Kind kind) {
        t.lastEnterPath = null;
        t.lastEnterDirfd = Long.MIN_VALUE;
        t.lastEnterFlags = -1;
        switch (kind) {
            case OPEN:
            case CREAT: {
                int n = P_NAME.in(e);
                if (n >= 0) {
                    t.lastEnterPath = e.paramString(n);
                }
                int f = P_FLAGS.in(e);
                if (f >= 0) {
                    t.lastEnterFlags = e.paramLong(f);
                }
                break;
            }
            case OPENAT: {
                int n = P_NAME.in(e);
                if (n >= 0) {
                    t.lastEnterPath = e.paramString(n);
                }
                int f = P_FLAGS.in(e);
                if (f >= 0) {
                    t.lastEnterFlags = e.paramLong(f);
                }
                int d = P_DIRFD.in(e);
                if (d >= 0) {
                    t.lastEnterDirfd = e.paramLong(d);
                }
                break;
            }
            case EXECVE: {
                int n = P_FILENAME.in(e);
                if (n < 0) {
                    n = P_PATHNAME.in(e);
                }
                if (n >= 0) {
                    t.lastEnterPath = e.paramString(n);
                }
                int d = P_DIRFD.in(e);
                if (d >= 0) {
                    t.lastEnterDirfd = e.paramLong(d);
                }
                break;
            }
            case SOCKET: {
                // domain/type/proto of the enter event, for old captures whose exit has only the result
                int d = P_DOMAIN.in(e);
                int ty = P_TYPE.in(e);
                int p = P_PROTO.in(e);
                if (d >= 0 && ty >= 0 && p >= 0) {
                    t.lastEnterFlags = (e.paramLong(d) & 0xffff) << 32 | (e.paramLong(ty) & 0xffff) << 16
                            | e.paramLong(p) & 0xffff;
                }
                break;
            }
            case CONNECT: {
                int a = P_ADDR.in(e);
                if (a >= 0 && e.paramLength(a) > 0) {
                    t.lastEnterPath = ParamText.render(e, a);
                }
                break;
            }
            default:
                break;
        }
    }

    private void parseExit(SyscallEvent e, ThreadInfo t, Kind kind) {
        switch (kind) {
            case CLONE: parseClone(e, t); break;
            case EXECVE: parseExecve(e, t); break;
            case OPEN: case OPENAT: case CREAT: case OPEN_BY_HANDLE: parseOpen(e, t, kind); break;
            case CLOSE: parseClose(e, t); break;
            case DUP: parseDup(e, t); break;
            case SOCKET: parseSocket(e, t); break;
            case CONNECT: parseConnect(e, t); break;
            case ACCEPT: parseAccept(e, t); break;
            case BIND: parseBind(e, t); break;
            case SOCKETPAIR: parsePair(e, t, FdType.UNIX_SOCK); break;
            case PIPE: parsePair(e, t, FdType.FIFO); break;
            case EVENTFD: addSingle(e, t, FdType.EVENT, ""); break;
            case SIGNALFD: addSingle(e, t, FdType.SIGNALFD, ""); break;
            case TIMERFD: addSingle(e, t, FdType.TIMERFD, ""); break;
            case INOTIFY: addSingle(e, t, FdType.INOTIFY, ""); break;
            case EPOLL: addSingle(e, t, FdType.EVENTPOLL, ""); break;
            case BPF: addSingle(e, t, FdType.BPF, ""); break;
            case USERFAULTFD: addSingle(e, t, FdType.USERFAULTFD, ""); break;
            case IO_URING: addSingle(e, t, FdType.IOURING, ""); break;
            case MEMFD: {
                int n = P_NAME.in(e);
                addSingle(e, t, FdType.MEMFD, "memfd:" + (n >= 0 ? nz(e.paramString(n)) : ""));
                break;
            }
            case PIDFD: addSingle(e, t, FdType.PIDFD, ""); break;
            case CHDIR: {
                int p = P_PATH.in(e);
                if (res(e) >= 0 && p >= 0) {
                    setCwd(t, Paths.concatenate(threads.cwd(t), nz(e.paramString(p))));
                }
                break;
            }
            case FCHDIR: {
                FdInfo f = threads.fds(t).get(t.lastEventFd);
                if (res(e) >= 0 && f != null) {
                    setCwd(t, f.name);
                }
                break;
            }
            case SETUID: case SETRESUID: case SETREUID: {
                String p = kind == Kind.SETUID ? "uid" : "euid";
                int i = e.paramIndex(p);
                if (res(e) >= 0 && i >= 0) {
                    long v = e.paramLong(i) & 0xffffffffL;
                    if (v != 0xffffffffL) {
                        t.uid = v;
                    }
                }
                break;
            }
            case SETGID: case SETRESGID: case SETREGID: {
                String p = kind == Kind.SETGID ? "gid" : "egid";
                int i = e.paramIndex(p);
                if (res(e) >= 0 && i >= 0) {
                    long v = e.paramLong(i) & 0xffffffffL;
                    if (v != 0xffffffffL) {
                        t.gid = v;
                    }
                }
                break;
            }
            case CAPSET: {
                int i = P_CAP_INHERITABLE.in(e);
                int p = P_CAP_PERMITTED.in(e);
                int f = P_CAP_EFFECTIVE.in(e);
                if (res(e) >= 0 && i >= 0 && p >= 0 && f >= 0) {
                    t.capInheritable = e.paramLong(i);
                    t.capPermitted = e.paramLong(p);
                    t.capEffective = e.paramLong(f);
                }
                break;
            }
            case SETSID: {
                long r = res(e);
                if (r >= 0) {
                    t.sid = r;
                }
                break;
            }
            case CHROOT: {
                int p = P_PATH.in(e);
                if (res(e) >= 0 && p >= 0) {
                    t.root = Paths.concatenate(threads.cwd(t), nz(e.paramString(p)));
                }
                break;
            }
            default:
                break;
        }
    }

    private static long res(SyscallEvent e) {
        return e.paramCount() > 0 ? e.paramLong(0) : -1;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void setCwd(ThreadInfo t, String cwd) {
        ThreadInfo m = threads.mainThread(t);
        (m == null ? t : m).cwd = Paths.asDirectory(cwd);
    }

    private String str(SyscallEvent e, ParamKey key) {
        int i = key.in(e);
        return i >= 0 ? e.paramString(i) : null;
    }

    private long num(SyscallEvent e, ParamKey key, long dflt) {
        int i = key.in(e);
        return i >= 0 && e.paramLength(i) > 0 ? e.paramLong(i) : dflt;
    }

    private String[] list(SyscallEvent e, ParamKey key) {
        int i = key.in(e);
        if (i < 0) {
            return null;
        }
        return splitNul(e.buffer(), e.paramOffset(i), e.paramLength(i));
    }

    static String[] splitNul(byte[] b, int off, int n) {
        if (n == 0) {
            return ThreadInfo.NO_STRINGS;
        }
        int end = off + n;
        if (b[end - 1] == 0) {
            end--;
        }
        int count = 1;
        for (int i = off; i < end; i++) {
            if (b[i] == 0) {
                count++;
            }
        }
        String[] r = new String[count];
        int s = off;
        int k = 0;
        for (int i = off; i <= end; i++) {
            if (i == end || b[i] == 0) {
                r[k++] = new String(b, s, i - s, java.nio.charset.StandardCharsets.UTF_8);
                s = i + 1;
            }
        }
        return r;
    }

    /** clone/fork/vfork/clone3 exit: the child (res 0) or the caller (res = child tid) creates the child. */
    private void parseClone(SyscallEvent e, ThreadInfo caller) {
        long r = res(e);
        if (r < 0) {
            return;
        }
        long flags = num(e, P_FLAGS, 0);
        String comm = str(e, P_COMM);
        String exe = str(e, P_EXE);
        String[] args = list(e, P_ARGS);
        String[] cgroups = list(e, P_CGROUPS);
        if (r == 0) {
            // Child side: the parameters describe the child itself.
            ThreadInfo old = threads.get(e.tid());
            if (old != null && !old.invalid) {
                // Made from the parent's event first: only the child knows its ids in its own pid namespace.
                old.vtid = num(e, P_VTID, old.vtid);
                old.vpid = num(e, P_VPID, old.vpid);
                return;
            }
            ThreadInfo c = new ThreadInfo(e.tid());
            c.pid = num(e, P_PID, e.tid());
            c.ptid = num(e, P_PTID, -1);
            ThreadInfo parent = threads.get((flags & CL_CLONE_THREAD) != 0 ? c.pid : c.ptid);
            if (parent != null) {
                c.inheritFrom(parent);
            }
            fill(c, e, flags, comm, exe, args, cgroups);
            c.vtid = num(e, P_VTID, c.tid);
            c.vpid = num(e, P_VPID, c.pid);
            if ((flags & CL_CLONE_THREAD) != 0) {
                ThreadInfo m = threads.get(c.pid);
                c.fds = m != null ? m.fds : parent != null ? threads.fds(parent) : new FdTable();
            } else {
                c.fds = parent == null ? new FdTable()
                        : (flags & CL_CLONE_FILES) != 0 ? threads.fds(parent) : threads.fds(parent).copy();
            }
            c.cloneTs = e.ts();
            threads.put(c);
            return;
        }
        // Caller side: the parameters describe the caller; the child is tid r.
        if (caller != null && caller.invalid) {
            caller.pid = num(e, P_PID, caller.tid);
            caller.ptid = num(e, P_PTID, -1);
            fill(caller, e, 0, comm, exe, args, cgroups);
            caller.flags = 0;
            caller.invalid = false;
        }
        if ((flags & CL_CHILD_IN_PIDNS) != 0) {
            // The caller is in a pid namespace: res is the child's id there, not the host tid this table is keyed
            // by; the child's own event creates it (as libsinsp does).
            return;
        }
        ThreadInfo old = threads.get(r);
        if (old != null && !old.invalid) {
            return;
        }
        ThreadInfo c = new ThreadInfo(r);
        long callerTid = num(e, P_TID, e.tid());
        long callerPid = num(e, P_PID, caller != null ? caller.pid : e.tid());
        long callerPtid = num(e, P_PTID, caller != null ? caller.ptid : -1);
        if ((flags & CL_CLONE_THREAD) != 0) {
            c.pid = callerPid;
            c.ptid = callerPtid;
        } else {
            c.pid = r;
            c.ptid = callerTid;
        }
        if (caller != null) {
            c.inheritFrom(caller);
            c.cwd = threads.cwd(caller);
        }
        fill(c, e, flags, comm, exe, args, cgroups);
        // The caller is in the host's pid namespace: the child's ids there are its host ids, unless it starts a
        // new pid namespace (it is its init, 1), which its own event confirms.
        boolean newNs = (flags & CL_CLONE_NEWPID) != 0 && (flags & CL_CLONE_THREAD) == 0;
        c.vtid = newNs ? 1 : r;
        c.vpid = newNs ? 1 : c.pid;
        if (caller != null) {
            FdTable pf = threads.fds(caller);
            c.fds = (flags & (CL_CLONE_THREAD | CL_CLONE_FILES)) != 0 ? pf : pf.copy();
        }
        c.cloneTs = e.ts();
        threads.put(c);
    }

    private void fill(ThreadInfo c, SyscallEvent e, long flags, String comm, String exe, String[] args,
                      String[] cgroups) {
        if (exe != null) {
            c.exe = exe;
        }
        if (comm != null && !comm.isEmpty()) {
            c.comm = comm;
        } else if (exe != null && c.comm.isEmpty()) {
            c.comm = exe;
        }
        if (args != null) {
            c.args = args;
        }
        if (cgroups != null && cgroups.length > 0) {
            c.cgroups = cgroups;
            ContainerIds.invalidate(c);
        }
        String cwd = str(e, P_CWD);
        if (cwd != null && !cwd.isEmpty() && c.cwd.isEmpty()) {
            c.cwd = Paths.asDirectory(cwd);
        }
        c.fdlimit = num(e, P_FDLIMIT, c.fdlimit);
        c.uid = num(e, P_UID, c.uid) & 0xffffffffL;
        c.gid = num(e, P_GID, c.gid) & 0xffffffffL;
        c.flags = flags;
    }

    private void parseExecve(SyscallEvent e, ThreadInfo t) {
        if (res(e) < 0) {
            return;
        }
        String exe = str(e, P_EXE);
        t.exe = exe == null ? "" : exe;
        String comm = str(e, P_COMM);
        t.comm = comm != null && !comm.isEmpty() ? comm : t.exe;
        String[] args = list(e, P_ARGS);
        t.args = args == null ? ThreadInfo.NO_STRINGS : args;
        t.pid = num(e, P_PID, t.pid);
        if (t.invalid) {
            t.ptid = num(e, P_PTID, -1);
            if ((t.flags & CL_CHILD_IN_PIDNS) == 0) {
                t.vtid = t.tid;
                t.vpid = t.pid;
            }
            t.invalid = false;
        }
        t.fdlimit = num(e, P_FDLIMIT, t.fdlimit);
        String[] env = list(e, P_ENV);
        if (env != null && env.length > 0) {
            t.env = env;
        }
        String[] cg = list(e, P_CGROUPS);
        if (cg != null && cg.length > 0) {
            t.cgroups = cg;
            ContainerIds.invalidate(t);
        }
        t.tty = num(e, P_TTY, t.tty);
        String trusted = str(e, P_TRUSTED_EXEPATH);
        if (trusted != null && !trusted.isEmpty()) {
            t.exepath = trusted;
        } else if (t.lastEnterPath != null) {
            // Old captures: the enter event's filename, resolved against the cwd or dirfd.
            String p = t.lastEnterPath;
            if (p.equals("<NA>")) {
                t.exepath = "<NA>";
            } else if (t.lastEnterDirfd != Long.MIN_VALUE && t.lastEnterDirfd != AT_FDCWD && !p.startsWith("/")) {
                FdInfo d = threads.fds(t).get(t.lastEnterDirfd);
                t.exepath = d == null ? "<NA>" : Paths.concatenate(d.name, p);
            } else {
                t.exepath = Paths.concatenate(threads.cwd(t), p);
            }
        }
        t.vpgid = num(e, P_VPGID, t.vpgid);
        t.loginuid = num(e, P_LOGINUID, t.loginuid) & 0xffffffffL;
        int fl = P_FLAGS.in(e);
        if (fl >= 0 && e.paramLength(fl) > 0) {
            long f = e.paramLong(fl);
            t.exeWritable = (f & 1) != 0;
            t.exeUpperLayer = (f & 2) != 0;
            t.exeFromMemfd = (f & 4) != 0;
            t.exeLowerLayer = (f & 8) != 0;
        }
        int ce = P_CAP_EFFECTIVE.in(e);
        if (ce >= 0 && e.paramLength(ce) > 0) {
            t.capInheritable = num(e, P_CAP_INHERITABLE, 0);
            t.capPermitted = num(e, P_CAP_PERMITTED, 0);
            t.capEffective = e.paramLong(ce);
        }
        int mt = P_EXE_INO_MTIME.in(e);
        if (mt >= 0 && e.paramLength(mt) > 0) {
            t.exeIno = num(e, P_EXE_INO, 0);
            t.exeInoCtime = num(e, P_EXE_INO_CTIME, 0);
            t.exeInoMtime = e.paramLong(mt);
        }
        t.uid = num(e, P_UID, t.uid) & 0xffffffffL;
        t.pgid = num(e, P_PGID, -1);
        t.gid = num(e, P_GID, t.gid) & 0xffffffffL;
        threads.fds(t).removeIf(info -> (info.openFlags & O_CLOEXEC) != 0);
        t.flags = 0;
    }

    private void parseOpen(SyscallEvent e, ThreadInfo t, Kind kind) {
        long fd = res(e);
        t.lastEventFd = fd;
        String name;
        long flags;
        String dir;
        if (kind == Kind.OPEN_BY_HANDLE) {
            name = nz(str(e, P_PATH));
            flags = num(e, P_FLAGS, 0);
            dir = "";
        } else if (kind == Kind.OPENAT) {
            name = str(e, P_NAME);
            if (name == null) {
                name = "<NA>";
            }
            flags = num(e, P_FLAGS, 0);
            long dirfd = num(e, P_DIRFD, Long.MIN_VALUE);
            if (t.lastEnterPath != null && !t.lastEnterPath.equals("<NA>")) {
                name = t.lastEnterPath;
                flags = t.lastEnterFlags | flags & ~((1L << 16) - 1);
                dirfd = t.lastEnterDirfd;
            }
            dir = dirfd == Long.MIN_VALUE ? "" : dirOf(t, name, dirfd);
        } else {
            name = nz(str(e, P_NAME));
            flags = kind == Kind.CREAT ? 0 : num(e, P_FLAGS, 0);
            if (t.lastEnterPath != null && !t.lastEnterPath.equals("<NA>")) {
                name = t.lastEnterPath;
                if (kind == Kind.OPEN) {
                    flags = t.lastEnterFlags | flags & ~((1L << 16) - 1);
                }
            }
            dir = threads.cwd(t);
        }
        if (fd < 0) {
            return;
        }
        FdInfo f = new FdInfo((flags & O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE_V2,
                Paths.concatenate(dir, name));
        f.nameRaw = name;
        f.openFlags = (int) flags;
        f.dev = (int) num(e, P_DEV, 0);
        f.ino = num(e, P_INO, 0);
        threads.fds(t).put(fd, f);
        ctx.fd = f;
    }

    /** libsinsp {@code parse_dirfd}: "." for absolute names, the cwd for AT_FDCWD, the dirfd's path, or "<UNKNOWN>". */
    String dirOf(ThreadInfo t, String name, long dirfd) {
        if (!name.isEmpty() && name.charAt(0) == '/') {
            return ".";
        }
        if (dirfd == AT_FDCWD) {
            return threads.cwd(t);
        }
        FdInfo d = threads.fds(t).get(dirfd);
        if (d == null) {
            return "<UNKNOWN>";
        }
        return d.name.isEmpty() || d.name.endsWith("/") ? d.name : d.name + "/";
    }

    private void parseClose(SyscallEvent e, ThreadInfo t) {
        if (res(e) >= 0 && t.lastEventFd >= 0) {
            threads.fds(t).remove(t.lastEventFd);
        }
    }

    private void parseDup(SyscallEvent e, ThreadInfo t) {
        long r = res(e);
        if (r < 0 || ctx.fd == null) {
            return;
        }
        if (r == t.lastEventFd) {
            return;
        }
        FdInfo c = ctx.fd.copy();
        c.openFlags &= ~O_CLOEXEC;
        threads.fds(t).put(r, c);
    }

    private void parseSocket(SyscallEvent e, ThreadInfo t) {
        long r = res(e);
        if (r < 0) {
            return;
        }
        long domain = num(e, P_DOMAIN, -1);
        long type = num(e, P_TYPE, -1);
        long proto = num(e, P_PROTO, -1);
        if (domain < 0 && t.lastEnterFlags >= 0) {
            domain = t.lastEnterFlags >>> 32 & 0xffff;
            type = t.lastEnterFlags >>> 16 & 0xffff;
            proto = t.lastEnterFlags & 0xffff;
        }
        FdInfo f = new FdInfo(FdType.UNKNOWN, "");
        if (domain == ParamText.AF_UNIX) {
            f.type = FdType.UNIX_SOCK;
        } else if (domain == ParamText.AF_INET || domain == ParamText.AF_INET6) {
            f.type = domain == ParamText.AF_INET ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
            f.l4proto = l4proto(type, proto);
        } else if (domain == 16) {
            f.type = FdType.NETLINK;
        }
        threads.fds(t).put(r, f);
        t.lastEventFd = r;
        ctx.fd = f;
    }

    private static int l4proto(long type, long proto) {
        long st = type & 0xff;
        if (proto == 6) {
            return st == 3 ? 5 : 2;
        }
        if (proto == 17) {
            return st == 3 ? 5 : 3;
        }
        if (proto == 0) {
            return st == 1 ? 2 : st == 2 ? 3 : st == 3 ? 5 : 0;
        }
        if (proto == 1) {
            return 4;
        }
        return st == 3 ? 5 : 0;
    }

    private void parseConnect(SyscallEvent e, ThreadInfo t) {
        FdInfo f = ctx.fd;
        if (f == null) {
            return;
        }
        long r = res(e);
        if (r < 0 && r != -EINPROGRESS) {
            f.flags |= FdInfo.FLAG_CONNECTION_FAILED;
            return;
        }
        int i = P_TUPLE.in(e);
        if (i < 0 || e.paramLength(i) == 0) {
            return;
        }
        setTuple(f, e.buffer(), e.paramOffset(i), e.paramLength(i), FdInfo.ROLE_CLIENT);
        f.flags = r == 0 ? f.flags | FdInfo.FLAG_CONNECTED : f.flags | FdInfo.FLAG_CONNECTION_PENDING;
    }

    private void parseAccept(SyscallEvent e, ThreadInfo t) {
        long r = res(e);
        if (r < 0) {
            return;
        }
        FdInfo f = new FdInfo(FdType.UNKNOWN, "");
        int i = P_TUPLE.in(e);
        if (i >= 0 && e.paramLength(i) > 0) {
            setTuple(f, e.buffer(), e.paramOffset(i), e.paramLength(i), FdInfo.ROLE_SERVER);
        }
        f.flags |= FdInfo.FLAG_CONNECTED;
        threads.fds(t).put(r, f);
        t.lastEventFd = r;
        ctx.fd = f;
    }

    private void parseBind(SyscallEvent e, ThreadInfo t) {
        FdInfo f = ctx.fd;
        int i = P_ADDR.in(e);
        if (f == null || res(e) < 0 || i < 0 || e.paramLength(i) == 0) {
            return;
        }
        byte[] b = e.buffer();
        int o = e.paramOffset(i);
        int fam = b[o] & 0xff;
        if (fam == ParamText.AF_INET && e.paramLength(i) >= 7) {
            f.type = FdType.IPV4_SERVSOCK;
            f.dip = be32(b, o + 1);
            f.dport = port(b, o + 5);
            f.role = FdInfo.ROLE_SERVER;
            f.name = SocketNames.ipv4Server(f);
        } else if (fam == ParamText.AF_INET6 && e.paramLength(i) >= 19) {
            f.type = FdType.IPV6_SERVSOCK;
            f.dip6 = java.util.Arrays.copyOfRange(b, o + 1, o + 17);
            f.dport = port(b, o + 17);
            f.role = FdInfo.ROLE_SERVER;
            f.name = SocketNames.ipv6Server(f);
        } else if (fam == ParamText.AF_UNIX) {
            f.name = ParamText.render(e, i);
        }
    }

    private static void setTuple(FdInfo f, byte[] b, int o, int len, int role) {
        int fam = b[o] & 0xff;
        if (fam == ParamText.AF_INET && len >= 13) {
            if (f.type != FdType.IPV4_SOCK) {
                f.type = FdType.IPV4_SOCK;
            }
            f.sip = be32(b, o + 1);
            f.sport = port(b, o + 5);
            f.dip = be32(b, o + 7);
            f.dport = port(b, o + 11);
            f.role = role;
            f.name = SocketNames.ipv4Tuple(f);
        } else if (fam == ParamText.AF_INET6 && len >= 37) {
            f.type = FdType.IPV6_SOCK;
            f.sip6 = java.util.Arrays.copyOfRange(b, o + 1, o + 17);
            f.sport = port(b, o + 17);
            f.dip6 = java.util.Arrays.copyOfRange(b, o + 19, o + 35);
            f.dport = port(b, o + 35);
            f.role = role;
            f.name = SocketNames.ipv6Tuple(f);
        } else if (fam == ParamText.AF_UNIX && len >= 17) {
            f.type = FdType.UNIX_SOCK;
            f.unixSource = le64(b, o + 1);
            f.unixDest = le64(b, o + 9);
            int e = o + 17;
            while (e < o + len && b[e] != 0) {
                e++;
            }
            f.name = new String(b, o + 17, e - o - 17, java.nio.charset.StandardCharsets.UTF_8);
            f.role = role;
        }
    }

    private void parsePair(SyscallEvent e, ThreadInfo t, FdType type) {
        if (res(e) < 0) {
            return;
        }
        long fd1 = num(e, P_FD1, -1);
        long fd2 = num(e, P_FD2, -1);
        if (fd1 < 0 || fd2 < 0) {
            return;
        }
        long ino = num(e, P_INO, 0);
        FdInfo a = new FdInfo(type, "");
        FdInfo b = new FdInfo(type, "");
        a.ino = ino;
        b.ino = ino;
        if (type == FdType.UNIX_SOCK) {
            a.unixSource = num(e, P_SOURCE, 0);
            a.unixDest = num(e, P_PEER, 0);
            b.unixSource = a.unixDest;
            b.unixDest = a.unixSource;
        }
        threads.fds(t).put(fd1, a);
        threads.fds(t).put(fd2, b);
    }

    private void addSingle(SyscallEvent e, ThreadInfo t, FdType type, String name) {
        long r = res(e);
        t.lastEventFd = r;
        if (r < 0) {
            return;
        }
        FdInfo f = new FdInfo(type, name);
        threads.fds(t).put(r, f);
        ctx.fd = f;
    }

    private static int be32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | b[o + 3] & 0xff;
    }

    private static int port(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static long le64(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | b[o + i] & 0xff;
        }
        return v;
    }

    private static Kind kindOf(String name) {
        switch (name) {
            case "clone": case "fork": case "vfork": case "clone3": return Kind.CLONE;
            case "execve": case "execveat": return Kind.EXECVE;
            case "procexit": return Kind.PROCEXIT;
            case "open": return Kind.OPEN;
            case "openat": case "openat2": return Kind.OPENAT;
            case "creat": return Kind.CREAT;
            case "open_by_handle_at": return Kind.OPEN_BY_HANDLE;
            case "close": return Kind.CLOSE;
            case "dup": case "dup2": case "dup3": return Kind.DUP;
            case "socket": return Kind.SOCKET;
            case "connect": return Kind.CONNECT;
            case "accept": case "accept4": return Kind.ACCEPT;
            case "bind": return Kind.BIND;
            case "socketpair": return Kind.SOCKETPAIR;
            case "pipe": case "pipe2": return Kind.PIPE;
            case "eventfd": case "eventfd2": return Kind.EVENTFD;
            case "signalfd": case "signalfd4": return Kind.SIGNALFD;
            case "timerfd_create": return Kind.TIMERFD;
            case "inotify_init": case "inotify_init1": return Kind.INOTIFY;
            case "epoll_create": case "epoll_create1": return Kind.EPOLL;
            case "bpf": return Kind.BPF;
            case "userfaultfd": return Kind.USERFAULTFD;
            case "io_uring_setup": return Kind.IO_URING;
            case "memfd_create": return Kind.MEMFD;
            case "pidfd_open": case "pidfd_getfd": return Kind.PIDFD;
            case "chdir": return Kind.CHDIR;
            case "fchdir": return Kind.FCHDIR;
            case "setuid": return Kind.SETUID;
            case "setgid": return Kind.SETGID;
            case "setresuid": return Kind.SETRESUID;
            case "setresgid": return Kind.SETRESGID;
            case "setreuid": return Kind.SETREUID;
            case "setregid": return Kind.SETREGID;
            case "capset": return Kind.CAPSET;
            case "setsid": return Kind.SETSID;
            case "chroot": return Kind.CHROOT;
            case "switch": return Kind.SCHEDSWITCH;
            default: return Kind.NONE;
        }
    }
}
