package dev.peregrine.syscalls.state;

/**
 * tid → {@link ThreadInfo} ({@code sinsp_thread_manager}). Threads of a process share the main thread's fd
 * table and cwd, so lookups of process-wide state go through {@link #mainThread}.
 */
public final class ThreadTable {
    private final LongMap<ThreadInfo> threads = new LongMap<>(1024);

    public ThreadInfo get(long tid) {
        return threads.get(tid);
    }

    public void put(ThreadInfo t) {
        threads.put(t.tid, t);
    }

    public ThreadInfo remove(long tid) {
        return threads.remove(tid);
    }

    public int size() {
        return threads.size();
    }

    public void forEach(java.util.function.Consumer<ThreadInfo> action) {
        threads.forEach((k, v) -> action.accept(v));
    }

    /**
     * The thread for an event of {@code tid}; when unknown, adds the placeholder libsinsp adds when neither
     * the capture nor /proc know the thread ({@code comm = exe = "<NA>"}, pid and ptid -1, ids -1).
     */
    public ThreadInfo getOrPlaceholder(long tid) {
        ThreadInfo t = threads.get(tid);
        if (t == null) {
            t = new ThreadInfo(tid);
            t.pid = -1;
            t.ptid = -1;
            t.comm = "<NA>";
            t.exe = "<NA>";
            t.invalid = true;
            threads.put(tid, t);
        }
        return t;
    }

    /** The main thread of {@code t}'s process (itself for a main thread), or null when unknown. */
    public ThreadInfo mainThread(ThreadInfo t) {
        if (t.tid == t.pid || t.pid < 0) {
            return t;
        }
        return threads.get(t.pid);
    }

    /** The parent process's main thread ({@code proc.pname} etc.), or null. */
    public ThreadInfo parent(ThreadInfo t) {
        ThreadInfo m = mainThread(t);
        if (m == null) {
            m = t;
        }
        if (m.ptid < 0) {
            return null;
        }
        ThreadInfo p = threads.get(m.ptid);
        if (p == null) {
            return null;
        }
        ThreadInfo pm = mainThread(p);
        return pm == null ? p : pm;
    }

    /** The fd table of {@code t}'s process. */
    public FdTable fds(ThreadInfo t) {
        ThreadInfo m = mainThread(t);
        return m == null ? t.fds : m.fds;
    }

    /** The working directory of {@code t}'s process (kept on the main thread, as libsinsp does). */
    public String cwd(ThreadInfo t) {
        ThreadInfo m = mainThread(t);
        return m == null ? t.cwd : m.cwd;
    }
}
