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
 * <p>A live source (the eBPF reader) hands on a {@link #live} record instead: it views the reader's reused event and
 * captures nothing, because almost every syscall event ends in the falco filter, which reads the live context. The
 * engine calls {@link #retain()} for a record that outlives the append (kept by a filter, buffered for an output),
 * which copies the event and captures the fields then, while the state still describes this event.
 *
 * <p>The map form carries the event ({@code evt.*}) and the captured fields under their Falco names.
 */
public final class SyscallRecord implements TypedBody {
    private final SyscallEvent event;
    private final EventContext context;
    /** True for a {@link #live} record: nothing captured, {@link #event} is reused after the append. */
    private final boolean live;
    /** A live record's captured view, made when something reads a captured field during the append. */
    private SyscallRecord view;
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

    /** A record that owns {@code event} and captures the state fields now. */
    public SyscallRecord(SyscallEvent event, EventContext ctx) {
        this.event = event;
        this.context = ctx;
        this.live = false;
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

    private SyscallRecord(SyscallEvent reused, EventContext ctx, boolean live) {
        this.event = reused;
        this.context = ctx;
        this.live = live;
        pid = ppid = vpid = uid = loginuid = fdNum = tty = 0;
        comm = exe = exepath = cwd = pname = user = containerId = fdName = null;
        args = null;
        fdType = 0;
    }

    /**
     * A record over {@code reused}, an event the source decodes the next event into after this append returns:
     * valid only during the append, unless {@link #retain() retained}.
     */
    public static SyscallRecord live(SyscallEvent reused, EventContext ctx) {
        return new SyscallRecord(reused, ctx, true);
    }

    /** A live record: a copy that owns its event and the fields captured now; otherwise this record. */
    @Override
    public SyscallRecord retain() {
        return live ? new SyscallRecord(event.copy(), context) : this;
    }

    /** The record whose captured fields answer: this one, or a live record's view captured on first use. */
    private SyscallRecord c() {
        if (!live) {
            return this;
        }
        SyscallRecord v = view;
        if (v == null) {
            v = new SyscallRecord(event, context);
            view = v;
        }
        return v;
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
        return c().pid;
    }

    public long ppid() {
        return c().ppid;
    }

    public long vpid() {
        return c().vpid;
    }

    /** {@code proc.name}. */
    public String comm() {
        return c().comm;
    }

    public String exe() {
        return c().exe;
    }

    public String exepath() {
        return c().exepath;
    }

    public String[] args() {
        return c().args;
    }

    /** {@code proc.cmdline}. */
    public String cmdline() {
        if (live) {
            return c().cmdline();
        }
        if (comm == null) {
            return null;
        }
        return args.length == 0 ? comm : comm + " " + String.join(" ", args);
    }

    /** {@code proc.cwd}. */
    public String cwd() {
        return c().cwd;
    }

    /** {@code proc.pname}. */
    public String pname() {
        return c().pname;
    }

    public long uid() {
        return c().uid;
    }

    /** {@code user.name}. */
    public String user() {
        return c().user;
    }

    /** {@code container.id}: 12 characters, or {@code host}. */
    public String containerId() {
        return c().containerId;
    }

    public long fdNum() {
        return c().fdNum;
    }

    /** {@code fd.name}: the fd's name after the event (for a failed open, null). */
    public String fdName() {
        return c().fdName;
    }

    @Override
    public MapValue toMap() {
        if (live) {
            return c().toMap();
        }
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
        return event + " " + c().comm + "(" + c().pid + ")";
    }
}
