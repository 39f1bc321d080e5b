package dev.peregrine.bench;

import dev.peregrine.syscalls.EventEncoder;
import dev.peregrine.syscalls.EventInfo;
import dev.peregrine.syscalls.EventTable;
import dev.peregrine.syscalls.ParamType;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.NetworkInterfaces;
import dev.peregrine.syscalls.state.StateTracker;
import dev.peregrine.syscalls.state.ThreadInfo;
import dev.peregrine.syscalls.state.ThreadTable;
import dev.peregrine.syscalls.state.UserTable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EventMix} as a syscall source delivers it: each synthetic event becomes a driver exit event (wire format,
 * Falco 0.42+ form with the fd in the exit event), and the processes, their ancestry, users, containers (cgroups)
 * and open fds become the state a {@link StateTracker} holds on a busy node. The benchmark applies each event to
 * the tracker and evaluates the rules through the real field extractor, so field values are computed per event
 * (thread lookups, parent walks, path splitting, container ids) instead of read from a prepared table.
 *
 * <p>Threads: as on a real node, long-lived processes issue most syscalls. Each program of the mix is one process
 * of {@value #THREADS_PER_PROCESS} threads sharing its fd table (about a hundred threads in all), and each
 * non-exec event runs in one of them; an {@code execve} runs in a freshly forked child of its parent program (a
 * thread of its own), as programs are started. Fds are numbered per process. The stream cycles with stable
 * state: a {@code close} closes the fd an earlier {@code openat} of the same process opened (in this cycle, or
 * for the first closes of the cycle in the previous one), so replaying the stream opens and closes the same fds;
 * reads and writes use fds opened before the stream; {@code accept4} replaces its own fd; {@code setuid} sets
 * the uid the thread already has; {@code clone} creates a child the first time only.
 */
final class SyscallEventMix {
    private static final int PPM_O_RDONLY = 1;
    private static final int PPM_O_WRONLY = 2;
    private static final int PPM_O_CREAT = 4;
    private static final int PPM_O_APPEND = 8;
    private static final int PPM_O_CLOEXEC = 4096;
    private static final String LOCAL_IP = "10.0.3.17";

    final StateTracker tracker;
    final SyscallEvent[] events;

    private final ThreadTable threads = new ThreadTable();
    private final UserTable users = new UserTable();
    private final Map<String, Long> ancestorTids = new HashMap<>();
    private final Map<String, Long> uids = new HashMap<>();
    private final EventEncoder enc = new EventEncoder();
    static final int THREADS_PER_PROCESS = 8;

    /** Program (container, name, exe) → main thread id of its process. */
    private final Map<String, Long> processes = new HashMap<>();
    /** Main thread id → next fd number of that process. */
    private final Map<Long, long[]> nextFd = new HashMap<>();
    /** Successful openats not closed yet: {tid, fd}. */
    private final java.util.ArrayDeque<long[]> openFds = new java.util.ArrayDeque<>();
    private final java.util.Random threadChoice = new java.util.Random(7);
    private long nextTid = 100_000;

    SyscallEventMix(List<SyntheticEvent> mix) {
        NetworkInterfaces ifs = new NetworkInterfaces();
        ifs.add(new NetworkInterfaces.Address("eth0", ipv4(LOCAL_IP), null));
        tracker = new StateTracker(threads, users).interfaces(ifs);
        ThreadInfo init = new ThreadInfo(1);
        init.pid = 1;
        init.comm = "systemd";
        init.exe = init.exepath = "/usr/lib/systemd/systemd";
        init.uid = init.gid = 0;
        init.vpid = 1;
        init.cwd = "/";
        threads.put(init);
        ancestorTids.put("host|systemd", 1L);
        users.addUser(new UserTable.User(0, 0, "root", "/root", "/bin/bash"));
        users.addGroup(new UserTable.Group(0, "root"));
        events = new SyscallEvent[mix.size()];
        List<Integer> unpaired = new java.util.ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            events[i] = convert(mix.get(i), i);
            if (events[i] == null) {
                unpaired.add(i);
            }
        }
        // the first closes of the cycle close fds the last openats of the previous cycle opened
        for (int i : unpaired) {
            long[] open = openFds.pollLast();
            // more closes than successful openats: the rest fail with EBADF on an fd nobody opened
            events[i] = open != null ? close(i, open[0], open[1], 0)
                    : close(i, processes.values().iterator().next(), 999, -9);
        }
    }

    private SyscallEvent close(int i, long tid, long fd, long res) {
        return encode("PPME_SYSCALL_CLOSE_X", ts(i), tid, i, Map.of("res", res, "fd", fd));
    }

    private static long ts(int i) {
        return 1_700_000_000_000_000_000L + i * 1000L;
    }

    private SyscallEvent convert(SyntheticEvent s, int i) {
        String container = (String) s.get("container.id");
        @SuppressWarnings("unchecked")
        List<String> ancestors = (List<String>) s.get("proc.aname");
        boolean exec = s.type.equals("execve");
        // an execve runs in a forked child of its parent program: until the event is applied it is that program
        long parent = ancestorChain(container, ancestors, s);
        long tid;
        ThreadInfo t;
        long pid;
        if (exec) {
            tid = nextTid++;
            pid = tid;
            t = thread(tid, parent, container);
            t.comm = ancestors.get(0);
            t.exe = t.exepath = (String) s.get("proc.pexe");
            t.args = ThreadInfo.NO_STRINGS;
            t.uid = uid((String) s.get("user.name"), (Long) s.get("user.uid"));
            t.gid = t.uid;
        } else {
            pid = process(s, container, parent);
            tid = pid + threadChoice.nextInt(THREADS_PER_PROCESS);
            t = threads.get(tid);
        }
        long ts = ts(i);
        if (s.type.equals("close")) {
            long[] open = openFds.pollFirst();
            return open == null ? null : close(i, open[0], open[1], 0);
        }
        String fdName = (String) s.get("fd.name");
        long fd = s.get("fd.num") == null || (Long) s.get("fd.num") < 0 ? -1 : ++nextFd.get(pid)[0];
        switch (s.type) {
            case "openat" -> {
                boolean write = Boolean.TRUE.equals(s.get("evt.is_open_write"));
                int flags = write ? PPM_O_WRONLY | PPM_O_CREAT | PPM_O_APPEND | PPM_O_CLOEXEC
                        : PPM_O_RDONLY | PPM_O_CLOEXEC;
                long res = fd >= 0 ? fd : (Long) s.get("fd.num");
                if (fd >= 0) {
                    openFds.addLast(new long[] {tid, fd});
                }
                return encode("PPME_SYSCALL_OPENAT_2_X", ts, tid, i, Map.of("fd", res, "dirfd", -100L,
                        "name", fdName, "flags", (long) flags));
            }
            case "read", "write" -> {
                openFd(t, fd, s);
                String sym = s.type.equals("read") ? "PPME_SYSCALL_READ_X" : "PPME_SYSCALL_WRITE_X";
                long res = (Long) s.get("evt.rawres");
                return encode(sym, ts, tid, i, Map.of("res", res, "data", new byte[] {'G', 'E', 'T', ' '},
                        "fd", fd, "size", res));
            }
            case "connect" -> {
                FdInfo sock = new FdInfo(FdType.IPV4_SOCK, "");
                sock.l4proto = "udp".equals(s.get("fd.l4proto")) ? 3 : 2;
                threads.fds(t).put(fd, sock);
                return encode("PPME_SOCKET_CONNECT_X", ts, tid, i, Map.of("res", s.get("evt.rawres"),
                        "tuple", tuple(s), "fd", fd));
            }
            case "accept4" -> {
                return encode("PPME_SOCKET_ACCEPT4_6_X", ts, tid, i, Map.of("fd", fd, "tuple", tuple(s)));
            }
            case "execve" -> {
                byte[] args = nulSeparated(split((String) s.get("proc.args")));
                return encode("PPME_SYSCALL_EXECVE_19_X", ts, tid, i, Map.ofEntries(Map.entry("res", 0L),
                        Map.entry("exe", (String) s.get("proc.exe")), Map.entry("args", args),
                        Map.entry("tid", tid), Map.entry("pid", tid), Map.entry("ptid", parent),
                        Map.entry("cwd", "/"), Map.entry("comm", (String) s.get("proc.name")),
                        Map.entry("cgroups", nulSeparated(t.cgroups)), Map.entry("loginuid", -1L),
                        Map.entry("uid", t.uid), Map.entry("gid", t.gid), Map.entry("vpgid", tid),
                        Map.entry("pgid", tid), Map.entry("trusted_exepath", (String) s.get("proc.exe")),
                        Map.entry("filename", (String) s.get("proc.exe"))));
            }
            case "mkdirat" -> {
                return encode("PPME_SYSCALL_MKDIRAT_X", ts, tid, i, Map.of("res", 0L, "dirfd", -100L,
                        "path", (String) s.get("evt.arg.path") + ".d"));
            }
            case "unlinkat" -> {
                return encode("PPME_SYSCALL_UNLINKAT_2_X", ts, tid, i, Map.of("res", 0L, "dirfd", -100L,
                        "name", (String) s.get("evt.arg.name")));
            }
            case "setuid" -> {
                return encode("PPME_SYSCALL_SETUID_X", ts, tid, i, Map.of("res", 0L, "uid", t.uid));
            }
            case "clone" -> {
                return encode("PPME_SYSCALL_CLONE_20_X", ts, tid, i, Map.of("res", 5_000_000L + i,
                        "exe", t.exe, "args", nulSeparated(t.args), "tid", tid, "pid", pid, "ptid", parent,
                        "cwd", "/", "comm", t.comm, "cgroups", nulSeparated(t.cgroups)));
            }
            default -> throw new IllegalArgumentException("event type: " + s.type);
        }
    }

    /** The main thread of the program's process, creating its threads on first use. */
    private long process(SyntheticEvent s, String container, long parent) {
        String key = container + "|" + s.get("proc.name") + "|" + s.get("proc.exe");
        Long known = processes.get(key);
        if (known != null) {
            return known;
        }
        long pid = nextTid;
        nextTid += THREADS_PER_PROCESS;
        for (int k = 0; k < THREADS_PER_PROCESS; k++) {
            ThreadInfo t = thread(pid + k, parent, container);
            t.pid = pid;
            t.vpid = pid;
            t.comm = (String) s.get("proc.name");
            t.exe = t.exepath = (String) s.get("proc.exe");
            t.args = split((String) s.get("proc.args"));
            t.uid = uid((String) s.get("user.name"), (Long) s.get("user.uid"));
            t.gid = t.uid;
        }
        processes.put(key, pid);
        nextFd.put(pid, new long[] {2});
        return pid;
    }

    /** The thread of the closest ancestor, creating the chain (root-most first) on first use. */
    private long ancestorChain(String container, List<String> chain, SyntheticEvent s) {
        long parent = 1;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String key = container + "|" + String.join("<", chain.subList(i, chain.size()));
            Long tid = ancestorTids.get(key);
            if (tid == null) {
                tid = nextTid++;
                ThreadInfo t = thread(tid, parent, chain.get(i).equals("systemd") ? "host" : container);
                t.comm = chain.get(i);
                t.exe = t.exepath = i == 0 ? (String) s.get("proc.pexe") : "/usr/bin/" + chain.get(i);
                String cmdline = i == 0 ? (String) s.get("proc.pcmdline") : "";
                String[] words = split(cmdline);
                t.args = words.length <= 1 ? ThreadInfo.NO_STRINGS
                        : java.util.Arrays.copyOfRange(words, 1, words.length);
                ancestorTids.put(key, tid);
            }
            parent = tid;
        }
        return parent;
    }

    private ThreadInfo thread(long tid, long parent, String container) {
        ThreadInfo t = new ThreadInfo(tid);
        t.pid = tid;
        t.ptid = parent;
        t.vpid = tid;
        t.sid = tid;
        t.vpgid = tid;
        t.pgid = tid;
        t.cwd = "/";
        t.uid = t.gid = 0;
        if (!"host".equals(container)) {
            String id = (container + "0".repeat(64)).substring(0, 64);
            t.cgroups = new String[] {"cpuset=/kubepods/besteffort/pod4f1c/cri-containerd-" + id + ".scope",
                "memory=/kubepods/besteffort/pod4f1c/cri-containerd-" + id + ".scope"};
        }
        threads.put(t);
        return t;
    }

    private long uid(String name, long uid) {
        if (uids.putIfAbsent(name, uid) == null) {
            users.addUser(new UserTable.User(uid, uid, name, "/home/" + name, "/bin/sh"));
            users.addGroup(new UserTable.Group(uid, name));
        }
        return uid;
    }

    /** The fd a read/write/close refers to, opened before the event (a file, or a connected socket). */
    private void openFd(ThreadInfo t, long fd, SyntheticEvent s) {
        FdInfo f;
        if ("f".equals(s.get("fd.typechar"))) {
            f = new FdInfo(FdType.FILE_V2, (String) s.get("fd.name"));
            f.nameRaw = f.name;
        } else {
            f = new FdInfo(FdType.IPV4_SOCK, (String) s.get("fd.name"));
            f.role = FdInfo.ROLE_CLIENT;
            f.flags = FdInfo.FLAG_CONNECTED;
            f.l4proto = "udp".equals(s.get("fd.l4proto")) ? 3 : 2;
            f.sip = ByteBuffer.wrap((byte[]) s.get("fd.cip")).getInt();
            f.dip = ByteBuffer.wrap((byte[]) s.get("fd.sip")).getInt();
            f.sport = (int) (long) (Long) s.get("fd.cport");
            f.dport = (int) (long) (Long) s.get("fd.sport");
        }
        threads.fds(t).put(fd, f);
    }

    /** {@code PT_SOCKTUPLE} for IPv4: family, source address and port, destination address and port. */
    private static byte[] tuple(SyntheticEvent s) {
        ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 2);
        b.put((byte[]) s.get("fd.cip"));
        b.putShort((short) (long) (Long) s.get("fd.cport"));
        b.put((byte[]) s.get("fd.sip"));
        b.putShort((short) (long) (Long) s.get("fd.sport"));
        return b.array();
    }

    private SyscallEvent encode(String symbol, long ts, long tid, int i, Map<String, Object> byName) {
        enc.start(symbol, ts, tid);
        EventInfo info = null;
        for (int c = 0; c < EventTable.size(); c++) {
            if (EventTable.get(c) != null && EventTable.get(c).symbol().equals(symbol)) {
                info = EventTable.get(c);
            }
        }
        for (int p = 0; p < info.paramCount(); p++) {
            Object v = byName.get(info.param(p).name());
            if (v == null) {
                ParamType t = info.param(p).type();
                v = t == ParamType.CHARBUF || t == ParamType.FSPATH || t == ParamType.FSRELPATH ? ""
                        : t == ParamType.BYTEBUF || t == ParamType.SOCKTUPLE || t == ParamType.SOCKADDR ? new byte[0]
                        : (Object) 0L;
            }
            enc.param(v);
        }
        byte[] bytes = enc.bytes();
        SyscallEvent e = new SyscallEvent();
        e.decode(bytes, 0, bytes.length);
        e.setContext(i + 1, (int) (tid % 2), 0);
        return e;
    }

    private static String[] split(String args) {
        return args == null || args.isBlank() ? ThreadInfo.NO_STRINGS : args.trim().split(" ");
    }

    private static byte[] nulSeparated(String[] parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(p).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }
}
