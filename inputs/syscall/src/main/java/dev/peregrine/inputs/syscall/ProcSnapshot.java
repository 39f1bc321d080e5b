package dev.peregrine.inputs.syscall;

import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdTable;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.SocketNames;
import dev.peregrine.syscalls.state.ThreadInfo;
import dev.peregrine.syscalls.state.ThreadTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads and fds that exist when the input starts, read from {@code <Host_Root>/proc} the way libscap's
 * {@code scap_proc_scan_proc_dir} does, so events of processes started before the agent resolve to names,
 * command lines, cwd, users and containers. Processes that vanish while being read are skipped.
 */
final class ProcSnapshot {
    private final Path proc;
    /** socket inode -> fd description, from /proc/net/{tcp,tcp6,udp,udp6,unix}. */
    private final Map<Long, FdInfo> sockets = new HashMap<>();

    ProcSnapshot(Path hostRoot) {
        this.proc = hostRoot.resolve("proc");
    }

    /** Fills {@code threads}; returns the number of threads read. */
    int load(ThreadTable threads) {
        readSockets();
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!isNumber(name)) {
                    continue;
                }
                try {
                    n += readProcess(threads, Long.parseLong(name), p);
                } catch (IOException | RuntimeException e) {
                    // the process exited while we read it
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + proc + ": " + e.getMessage(), e);
        }
        return n;
    }

    private int readProcess(ThreadTable threads, long pid, Path dir) throws IOException {
        ThreadInfo main = new ThreadInfo(pid);
        readThread(main, dir, pid);
        String[] argv = nulSplit(Files.readAllBytes(dir.resolve("cmdline")));
        main.exe = argv.length > 0 ? argv[0] : main.comm;
        main.args = argv.length > 1 ? java.util.Arrays.copyOfRange(argv, 1, argv.length) : ThreadInfo.NO_STRINGS;
        main.exepath = link(dir.resolve("exe"));
        String cwd = link(dir.resolve("cwd"));
        main.cwd = cwd.isEmpty() ? "" : cwd.endsWith("/") ? cwd : cwd + "/";
        String root = link(dir.resolve("root"));
        main.root = root;
        main.cgroups = cgroups(dir.resolve("cgroup"));
        main.loginuid = parseLong(read(dir.resolve("loginuid")).trim(), 0xffffffffL) & 0xffffffffL;
        main.fds = readFds(dir.resolve("fd"));
        threads.put(main);
        int n = 1;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path t : ds) {
                String name = t.getFileName().toString();
                if (!isNumber(name) || Long.parseLong(name) == pid) {
                    continue;
                }
                ThreadInfo ti = new ThreadInfo(Long.parseLong(name));
                readThread(ti, t, pid);
                ti.exe = main.exe;
                ti.args = main.args;
                ti.exepath = main.exepath;
                ti.cwd = main.cwd;
                ti.root = main.root;
                ti.cgroups = main.cgroups;
                ti.loginuid = main.loginuid;
                ti.fds = main.fds;
                threads.put(ti);
                n++;
            }
        } catch (IOException e) {
            // no task directory: a zombie
        }
        return n;
    }

    /** comm, status (ids, caps, namespaced ids) and stat (session, group, tty) of one thread. */
    private void readThread(ThreadInfo t, Path dir, long pid) throws IOException {
        t.pid = pid;
        t.comm = read(dir.resolve("comm")).strip();
        for (String line : read(dir.resolve("status")).split("\n")) {
            int c = line.indexOf(':');
            if (c < 0) {
                continue;
            }
            String k = line.substring(0, c);
            String[] v = line.substring(c + 1).trim().split("\\s+");
            switch (k) {
                case "PPid": t.ptid = parseLong(v[0], -1); break;
                case "Uid": t.uid = parseLong(v.length > 1 ? v[1] : v[0], 0xffffffffL); break;
                case "Gid": t.gid = parseLong(v.length > 1 ? v[1] : v[0], 0xffffffffL); break;
                case "CapInh": t.capInheritable = Long.parseUnsignedLong(v[0], 16); break;
                case "CapPrm": t.capPermitted = Long.parseUnsignedLong(v[0], 16); break;
                case "CapEff": t.capEffective = Long.parseUnsignedLong(v[0], 16); break;
                case "NSpid": t.vtid = parseLong(v[v.length - 1], t.tid); break;
                case "NStgid": t.vpid = parseLong(v[v.length - 1], pid); break;
                default: break;
            }
        }
        String stat = read(dir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close > 0) {
            // fields after "(comm)": state ppid pgrp session tty_nr ...
            String[] f = stat.substring(close + 2).split(" ");
            if (f.length > 4) {
                t.pgid = parseLong(f[2], -1);
                t.sid = parseLong(f[3], -1);
                t.tty = parseLong(f[4], 0);
            }
        }
        t.vpgid = t.pgid;
    }

    /** {@code subsys=path} per controller, as the clone/execve events' cgroups parameter has them. */
    private static String[] cgroups(Path file) {
        List<String> r = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[1].isEmpty()) {
                r.add("unified=" + f[2]);
                continue;
            }
            for (String c : f[1].split(",")) {
                String name = c.startsWith("name=") ? c.substring(5) : c;
                r.add(name + "=" + f[2]);
            }
        }
        return r.toArray(ThreadInfo.NO_STRINGS);
    }

    private FdTable readFds(Path fdDir) {
        FdTable t = new FdTable();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(fdDir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!isNumber(name)) {
                    continue;
                }
                String target = link(p);
                if (target.isEmpty()) {
                    continue;
                }
                t.put(Long.parseLong(name), describe(target));
            }
        } catch (IOException e) {
            // no permission or gone
        }
        return t;
    }

    private FdInfo describe(String target) {
        if (target.startsWith("/")) {
            return new FdInfo(FdType.FILE_V2, target);
        }
        if (target.startsWith("socket:[")) {
            long ino = parseLong(target.substring(8, target.length() - 1), -1);
            FdInfo s = sockets.get(ino);
            FdInfo f = s != null ? s.copy() : new FdInfo(FdType.UNKNOWN, "");
            f.ino = ino;
            return f;
        }
        if (target.startsWith("pipe:[")) {
            FdInfo f = new FdInfo(FdType.FIFO, "");
            f.ino = parseLong(target.substring(6, target.length() - 1), 0);
            return f;
        }
        if (target.startsWith("anon_inode:")) {
            String k = target.substring(11);
            switch (k) {
                case "[eventfd]": return new FdInfo(FdType.EVENT, "");
                case "[eventpoll]": return new FdInfo(FdType.EVENTPOLL, "");
                case "[signalfd]": return new FdInfo(FdType.SIGNALFD, "");
                case "[timerfd]": return new FdInfo(FdType.TIMERFD, "");
                case "inotify": return new FdInfo(FdType.INOTIFY, "");
                case "bpf-map": case "bpf-prog": case "bpf_link": return new FdInfo(FdType.BPF, "");
                case "[pidfd]": return new FdInfo(FdType.PIDFD, "");
                case "[io_uring]": return new FdInfo(FdType.IOURING, "");
                case "[userfaultfd]": return new FdInfo(FdType.USERFAULTFD, "");
                default: return new FdInfo(FdType.UNKNOWN, "");
            }
        }
        return new FdInfo(FdType.UNKNOWN, target);
    }

    private void readSockets() {
        readInet("tcp", false, 2);
        readInet("udp", false, 3);
        readInet("tcp6", true, 2);
        readInet("udp6", true, 3);
        String unix = read(proc.resolve("net/unix"));
        for (String line : unix.split("\n")) {
            // Num RefCount Protocol Flags Type St Inode Path
            String[] f = line.trim().split("\\s+");
            if (f.length < 7 || f[0].equals("Num")) {
                continue;
            }
            FdInfo i = new FdInfo(FdType.UNIX_SOCK, f.length > 7 ? f[7] : "");
            sockets.put(parseLong(f[6], -1), i);
        }
    }

    private void readInet(String file, boolean v6, int l4) {
        String text = read(proc.resolve("net/" + file));
        for (String line : text.split("\n")) {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].equals("sl")) {
                continue;
            }
            String[] la = f[1].split(":");
            String[] ra = f[2].split(":");
            boolean listen = f[3].equals("0A") || l4 == 3 && parseHex(ra[1]) == 0;
            FdInfo i = new FdInfo();
            i.l4proto = l4;
            if (!v6) {
                int lip = Integer.reverseBytes((int) parseHex(la[0]));
                int rip = Integer.reverseBytes((int) parseHex(ra[0]));
                int lport = (int) parseHex(la[1]);
                int rport = (int) parseHex(ra[1]);
                if (listen) {
                    i.type = FdType.IPV4_SERVSOCK;
                    i.dip = lip;
                    i.dport = lport;
                    i.role = FdInfo.ROLE_SERVER;
                    i.name = SocketNames.ipv4Server(i);
                } else {
                    i.type = FdType.IPV4_SOCK;
                    i.sip = lip;
                    i.sport = lport;
                    i.dip = rip;
                    i.dport = rport;
                    i.name = SocketNames.ipv4Tuple(i);
                }
            } else {
                byte[] lip = ipv6(la[0]);
                byte[] rip = ipv6(ra[0]);
                int lport = (int) parseHex(la[1]);
                int rport = (int) parseHex(ra[1]);
                if (listen) {
                    i.type = FdType.IPV6_SERVSOCK;
                    i.dip6 = lip;
                    i.dport = lport;
                    i.role = FdInfo.ROLE_SERVER;
                    i.name = SocketNames.ipv6Server(i);
                } else {
                    i.type = FdType.IPV6_SOCK;
                    i.sip6 = lip;
                    i.sport = lport;
                    i.dip6 = rip;
                    i.dport = rport;
                    i.name = SocketNames.ipv6Tuple(i);
                }
            }
            sockets.put(parseLong(f[9], -1), i);
        }
    }

    /** /proc/net/tcp6 prints the address as four host-order 32-bit words. */
    private static byte[] ipv6(String hex) {
        byte[] b = new byte[16];
        for (int w = 0; w < 4; w++) {
            int v = Integer.reverseBytes((int) parseHex(hex.substring(w * 8, w * 8 + 8)));
            b[w * 4] = (byte) (v >>> 24);
            b[w * 4 + 1] = (byte) (v >>> 16);
            b[w * 4 + 2] = (byte) (v >>> 8);
            b[w * 4 + 3] = (byte) v;
        }
        return b;
    }

    private static long parseHex(String s) {
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String[] nulSplit(byte[] b) {
        List<String> r = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                r.add(new String(b, s, i - s, StandardCharsets.UTF_8));
                s = i + 1;
            }
        }
        if (s < b.length) {
            r.add(new String(b, s, b.length - s, StandardCharsets.UTF_8));
        }
        return r.toArray(ThreadInfo.NO_STRINGS);
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
