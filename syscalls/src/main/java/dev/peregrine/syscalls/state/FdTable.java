package dev.peregrine.syscalls.state;

/** The fd table of one process (threads created with {@code CLONE_FILES} share it), {@code sinsp_fdtable}. */
public final class FdTable {
    private final LongMap<FdInfo> fds = new LongMap<>(16);

    public FdInfo get(long fd) {
        return fd < 0 ? null : fds.get(fd);
    }

    public void put(long fd, FdInfo info) {
        if (fd >= 0) {
            fds.put(fd, info);
        }
    }

    public FdInfo remove(long fd) {
        return fds.remove(fd);
    }

    public int size() {
        return fds.size();
    }

    public void forEach(java.util.function.BiConsumer<Long, FdInfo> action) {
        fds.forEach(action);
    }

    /** Removes the fds {@code test} accepts (close-on-exec fds at execve). */
    public void removeIf(java.util.function.Predicate<FdInfo> test) {
        fds.removeValuesIf(test);
    }

    /** A deep copy, as a forked child gets (fork without {@code CLONE_FILES}). */
    public FdTable copy() {
        FdTable c = new FdTable();
        fds.forEach((k, v) -> c.fds.put(k, v.copy()));
        return c;
    }
}
