package dev.peregrine.syscalls.state;

/**
 * One thread as libsinsp's {@code sinsp_threadinfo} keeps it: identity, the process image it runs, its
 * credentials and capabilities, cgroups and the fd table of its process.
 *
 * <p>Mutable state owned by the thread that parses events. String arrays are replaced, never mutated, so a
 * reader may keep a reference.
 */
public final class ThreadInfo {
    public static final String[] NO_STRINGS = new String[0];

    public long tid;
    public long pid;
    public long ptid;
    public long sid = -1;
    public long vpgid = -1;
    public long pgid = -1;
    public long vtid = -1;
    public long vpid = -1;
    public String comm = "";
    public String exe = "";
    public String exepath = "";
    public String[] args = NO_STRINGS;
    public String[] env = NO_STRINGS;
    /** {@code subsys=path} entries, in capture order. */
    public String[] cgroups = NO_STRINGS;
    public String cwd = "";
    public String root = "";
    public long fdlimit;
    /** {@code PPM_CL_*} clone flags of the creating call. */
    public long flags;
    public long uid = 0xffffffffL;
    public long gid = 0xffffffffL;
    public long loginuid = 0xffffffffL;
    public long tty;
    public long capInheritable;
    public long capPermitted;
    public long capEffective;
    public boolean exeWritable;
    public boolean exeUpperLayer;
    public boolean exeLowerLayer;
    public boolean exeFromMemfd;
    public long exeIno;
    public long exeInoCtime;
    public long exeInoMtime;
    public long cloneTs;
    public long pidnsInitStartTs;
    public long vmSizeKb;
    public long vmRssKb;
    public long vmSwapKb;
    public long pfMajor;
    public long pfMinor;
    /** Entry created for an unknown tid (libsinsp's "fake" thread: comm and exe {@code <NA>}). */
    public boolean invalid;
    /** fd table of the process; shared with the main thread for threads. */
    public FdTable fds = new FdTable();

    // Per-thread parser bookkeeping (libsinsp's m_lastevent_*): the pending enter event.
    public int lastEventType = -1;
    public long lastEventFd = -1;
    public String lastEnterPath;
    public long lastEnterDirfd = Long.MIN_VALUE;
    public long lastEnterFlags = -1;

    String containerId;

    // proc.args / proc.cmdline as last built, with the args array (and comm) they were built from: fields are
    // replaced, never edited in place, so an identical reference means an identical text
    private String[] argsLineOf;
    private String argsLine;
    private String[] cmdlineArgsOf;
    private String cmdlineCommOf;
    private String cmdline;

    public ThreadInfo(long tid) {
        this.tid = tid;
        this.pid = tid;
        this.ptid = -1;
    }

    public boolean isMainThread() {
        return tid == pid;
    }

    /** {@code proc.args}: argv[1..] joined with single spaces. */
    public String argsLine() {
        String[] a = args;
        if (a.length == 0) {
            return "";
        }
        if (a.length == 1) {
            return a[0];
        }
        if (argsLineOf != a) {
            argsLine = String.join(" ", a);
            argsLineOf = a;
        }
        return argsLine;
    }

    /** {@code proc.cmdline}: comm followed by the args. */
    public String cmdline() {
        String[] a = args;
        String c = comm;
        if (a.length == 0) {
            return c;
        }
        if (cmdlineArgsOf != a || cmdlineCommOf != c) {
            cmdline = c + " " + argsLine();
            cmdlineArgsOf = a;
            cmdlineCommOf = c;
        }
        return cmdline;
    }

    /** The cgroup path for {@code subsys} ({@code cpuset}, {@code memory}, ...), or null. */
    public String cgroup(String subsys) {
        for (String c : cgroups) {
            int eq = c.indexOf('=');
            if (eq > 0 && c.regionMatches(0, subsys, 0, eq) && eq == subsys.length()) {
                return c.substring(eq + 1);
            }
        }
        return null;
    }

    /** Copies the process image fields a clone child inherits. */
    void inheritFrom(ThreadInfo p) {
        comm = p.comm;
        exe = p.exe;
        exepath = p.exepath;
        args = p.args;
        env = p.env;
        cgroups = p.cgroups;
        cwd = p.cwd;
        root = p.root;
        fdlimit = p.fdlimit;
        uid = p.uid;
        gid = p.gid;
        loginuid = p.loginuid;
        tty = p.tty;
        capInheritable = p.capInheritable;
        capPermitted = p.capPermitted;
        capEffective = p.capEffective;
        exeWritable = p.exeWritable;
        exeUpperLayer = p.exeUpperLayer;
        exeLowerLayer = p.exeLowerLayer;
        exeFromMemfd = p.exeFromMemfd;
        exeIno = p.exeIno;
        exeInoCtime = p.exeInoCtime;
        exeInoMtime = p.exeInoMtime;
        sid = p.sid;
        vpgid = p.vpgid;
        pgid = p.pgid;
        pidnsInitStartTs = p.pidnsInitStartTs;
    }

    @Override
    public String toString() {
        return tid + "/" + pid + " " + comm;
    }
}
