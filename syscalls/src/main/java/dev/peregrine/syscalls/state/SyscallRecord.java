package dev.peregrine.syscalls.state;

import dev.peregrine.pipeline.event.TypedBody;
import dev.peregrine.syscalls.ParamText;
import dev.peregrine.syscalls.SyscallEvent;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One syscall event as a source (capture replay, eBPF) hands it on: the decoded event (its own buffer, valid
 * forever) and the state it resolved to when it was applied: process, parent, user, container and fd.
 *
 * <p>Two views of the state, for two kinds of readers. The falco filter runs synchronously inside the source's
 * append, so {@link #context()} (the live tracker context) describes exactly this event while it evaluates rules.
 * State changes with later events, so the fields anything else may need later (Keep_Events, an output printing raw
 * syscalls) are captured at construction; strings and arrays of the thread table are immutable, so capturing is
 * copying references.
 *
 * <p>The map form carries the event ({@code evt.*}) and the captured fields under their Falco names.
 */
public final class SyscallRecord implements TypedBody {
    private final SyscallEvent event;
    private final EventContext context;
    private final long pid;
    private final long ppid;
    private final long vpid;
    private final String comm;
    private final String exe;
    private final String exepath;
    private final String[] args;
    private final String cwd;
    private final String pname;
    private final long uid;
    private final String user;
    private final long loginuid;
    private final String containerId;
    private final long fdNum;
    private final String fdName;
    private final char fdType;
    private final long tty;

    public SyscallRecord(SyscallEvent event, EventContext ctx) {
        this.event = event;
        this.context = ctx;
        ThreadInfo t = ctx.thread();
        if (t != null) {
            ThreadInfo main = ctx.threads().mainThread(t);
            ThreadInfo p = ctx.threads().parent(t);
            pid = t.pid;
            ppid = main != null ? main.ptid : t.ptid;
            vpid = t.vpid;
            comm = t.comm;
            exe = t.exe;
            exepath = t.exepath;
            args = t.args;
            cwd = ctx.threads().cwd(t);
            pname = p != null ? p.comm : null;
            uid = t.uid;
            UserTable.User u = ctx.users().user(t.uid);
            user = u != null ? u.name() : null;
            loginuid = t.loginuid;
            containerId = ctx.containerId(t);
            tty = t.tty;
        } else {
            pid = ppid = vpid = -1;
            comm = exe = exepath = cwd = pname = user = containerId = null;
            args = ThreadInfo.NO_STRINGS;
            uid = loginuid = -1;
            tty = 0;
        }
        FdInfo fd = ctx.fd();
        fdNum = ctx.fdNum();
        fdName = fd != null ? fd.name : null;
        fdType = fd != null ? fd.type.typeChar() : 0;
    }

    public SyscallEvent event() {
        return event;
    }

    /** The live state context: valid only while the append that carries this record runs. */
    public EventContext context() {
        return context;
    }

    /** {@code proc.pid}: the process (thread group) id, -1 when the thread is unknown. */
    public long pid() {
        return pid;
    }

    public long ppid() {
        return ppid;
    }

    public long vpid() {
        return vpid;
    }

    /** {@code proc.name}. */
    public String comm() {
        return comm;
    }

    public String exe() {
        return exe;
    }

    public String exepath() {
        return exepath;
    }

    public String[] args() {
        return args;
    }

    /** {@code proc.cmdline}. */
    public String cmdline() {
        if (comm == null) {
            return null;
        }
        return args.length == 0 ? comm : comm + " " + String.join(" ", args);
    }

    /** {@code proc.cwd}. */
    public String cwd() {
        return cwd;
    }

    /** {@code proc.pname}. */
    public String pname() {
        return pname;
    }

    public long uid() {
        return uid;
    }

    /** {@code user.name}. */
    public String user() {
        return user;
    }

    /** {@code container.id}: 12 characters, or {@code host}. */
    public String containerId() {
        return containerId;
    }

    public long fdNum() {
        return fdNum;
    }

    /** {@code fd.name}: the fd's name after the event (for a failed open, null). */
    public String fdName() {
        return fdName;
    }

    @Override
    public MapValue toMap() {
        Map<Value, Value> m = new LinkedHashMap<>();
        put(m, "evt.num", event.num());
        put(m, "evt.rawtime", event.ts());
        put(m, "evt.type", event.name());
        put(m, "evt.dir", event.isExit() ? "<" : ">");
        put(m, "thread.tid", event.tid());
        put(m, "proc.pid", pid);
        put(m, "proc.ppid", ppid);
        put(m, "proc.vpid", vpid);
        put(m, "proc.name", comm);
        put(m, "proc.exe", exe);
        put(m, "proc.exepath", exepath);
        put(m, "proc.cmdline", cmdline());
        put(m, "proc.cwd", cwd);
        put(m, "proc.pname", pname);
        put(m, "proc.tty", tty);
        put(m, "user.uid", uid);
        put(m, "user.name", user);
        put(m, "user.loginuid", loginuid);
        put(m, "container.id", containerId);
        if (fdNum >= 0 || fdName != null) {
            put(m, "fd.num", fdNum);
            put(m, "fd.name", fdName);
            put(m, "fd.typechar", fdType == 0 ? null : String.valueOf(fdType));
        }
        Map<Value, Value> a = new LinkedHashMap<>();
        for (int i = 0; i < event.paramCount() && event.info() != null && i < event.info().paramCount(); i++) {
            String v = ParamText.render(event, i);
            a.put(ValueFactory.newString(event.info().param(i).name()),
                    v == null ? ValueFactory.newNil() : ValueFactory.newString(v));
        }
        m.put(ValueFactory.newString("evt.args"), ValueFactory.newMap(a));
        return ValueFactory.newMap(m);
    }

    @Override
    public int sizeEstimate() {
        return 400 + event.paramCount() * 24;
    }

    private static void put(Map<Value, Value> m, String k, long v) {
        m.put(ValueFactory.newString(k), ValueFactory.newInteger(v));
    }

    private static void put(Map<Value, Value> m, String k, String v) {
        m.put(ValueFactory.newString(k), v == null ? ValueFactory.newNil() : ValueFactory.newString(v));
    }

    @Override
    public String toString() {
        return event + " " + comm + "(" + pid + ")";
    }
}
