package dev.peregrine.inputs.syscall;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.size_t;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads and attaches the BPF object through the system's libbpf ({@code libbpf.so.1}) with jnr-ffi, and owns
 * everything that lives in the kernel: the object, its links and the ring buffer mapping. All native calls of
 * the input go through this class.
 *
 * <p>Nothing stays attached after the agent is gone: links are BPF links held by file descriptors of this
 * process (no pinning), so the kernel detaches them when the process exits, even on {@code kill -9}.
 */
public final class BpfLoader implements AutoCloseable {
    /** Programs in peregrine.bpf.c, attached in this order. */
    static final String[] PROGRAMS = {"pg_exec", "pg_sys_exit", "pg_proc_exit"};
    static final String OBJECT_RESOURCE = "peregrine.bpf.o";
    private static final int LOG_SIZE = 16 << 20;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_BOOTTIME = 7;
    private static final int LIBBPF_INFO = 1;

    /** libbpf's functions we call (libbpf 1.x ABI). */
    public interface LibBpf {
        /** libbpf_print_fn_t; the va_list arrives as a pointer on x86_64. */
        interface PrintFn {
            @Delegate
            int print(int level, String format, Pointer args);
        }

        Pointer libbpf_set_print(PrintFn fn);

        Pointer bpf_object__open_file(String path, Pointer opts);

        int bpf_object__load(Pointer obj);

        void bpf_object__close(Pointer obj);

        Pointer bpf_object__find_map_by_name(Pointer obj, String name);

        Pointer bpf_object__find_program_by_name(Pointer obj, String name);

        int bpf_map__set_max_entries(Pointer map, int maxEntries);

        int bpf_map__fd(Pointer map);

        Pointer bpf_program__attach(Pointer prog);

        int bpf_link__destroy(Pointer link);

        int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

        int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

        int libbpf_num_possible_cpus();

        int bpf_prog_get_next_id(int startId, Pointer nextId);

        int bpf_prog_get_fd_by_id(int id);

        int bpf_obj_get_info_by_fd(int fd, Pointer info, Pointer infoLen);
    }

    /** The libc functions we need besides libbpf's. */
    public interface LibC {
        Pointer mmap(Pointer addr, @size_t long length, int prot, int flags, int fd, long offset);

        int munmap(Pointer addr, @size_t long length);

        int vsnprintf(Pointer buf, @size_t long size, String format, Pointer args);

        int clock_gettime(int clock, Pointer ts);

        int close(int fd);
    }

    private static volatile LibBpf bpf;
    private static volatile LibC libc;
    private static final StringBuilder LIBBPF_LOG = new StringBuilder();
    // Kept reachable: libbpf holds the function pointer for the life of the process.
    private static LibBpf.PrintFn printFn;

    private final Runtime runtime;
    private Pointer obj;
    private final List<Pointer> links = new ArrayList<>();
    private Pointer logBuf;
    private int ringFd = -1;
    private int wantedFd = -1;
    private int settingsFd = -1;
    private int countersFd = -1;
    private int ncpus;

    private BpfLoader(Runtime runtime) {
        this.runtime = runtime;
    }

    /** Loads libbpf and libc once; fails with the package to install when libbpf is missing. */
    static synchronized LibBpf libbpf() {
        if (bpf == null) {
            try {
                bpf = LibraryLoader.create(LibBpf.class).failImmediately().load("libbpf.so.1");
            } catch (LinkageError | RuntimeException e) {
                throw new BpfException("libbpf.so.1 not found (" + e.getMessage()
                        + "): install the Debian package libbpf1 (apt-get install libbpf1)", e);
            }
            libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
            printFn = (level, format, args) -> {
                // jnr-ffi drops exceptions thrown in callbacks: never let one escape.
                if (level > LIBBPF_INFO) {
                    return 0; // debug lines: hundreds per load, never the reason of a failure
                }
                try {
                    Pointer buf = Memory.allocateDirect(Runtime.getRuntime(bpf), 4096);
                    int n = libc.vsnprintf(buf, 4096, format, args);
                    String s = buf.getString(0, Math.min(Math.max(n, 0), 4095), java.nio.charset.StandardCharsets.UTF_8);
                    synchronized (LIBBPF_LOG) {
                        LIBBPF_LOG.append(s);
                        if (LIBBPF_LOG.length() > 1 << 20) {
                            LIBBPF_LOG.delete(0, LIBBPF_LOG.length() - (1 << 19));
                        }
                    }
                } catch (Throwable ignored) {
                    // a lost log line is better than a crash inside libbpf
                }
                return 0;
            };
            bpf.libbpf_set_print(printFn);
        }
        return bpf;
    }

    /** What libbpf printed so far (its warnings explain most failures), last {@code max} characters. */
    static String libbpfLog(int max) {
        synchronized (LIBBPF_LOG) {
            int from = Math.max(0, LIBBPF_LOG.length() - max);
            return LIBBPF_LOG.substring(from);
        }
    }

    /**
     * Opens the object (from {@code objectPath}, or the bundled resource when null), sizes the ring buffer and
     * loads it into the kernel. Verifier rejections carry the tail of the verifier log.
     */
    public static BpfLoader open(Path objectPath, long ringBytes) {
        Preflight.check();
        LibBpf lib = libbpf();
        BpfLoader l = new BpfLoader(Runtime.getRuntime(lib));
        try {
            l.doOpen(objectPath, ringBytes);
            return l;
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private void doOpen(Path objectPath, long ringBytes) {
        Path path = objectPath != null ? objectPath : extractBundled();
        logBuf = Memory.allocateDirect(runtime, LOG_SIZE);
        logBuf.putByte(0, (byte) 0);
        Pointer opts = Memory.allocateDirect(runtime, 80);
        for (int i = 0; i < 80; i += 8) {
            opts.putLong(i, 0);
        }
        opts.putLong(0, 80);                 // sz
        opts.putAddress(56, logBuf.address()); // kernel_log_buf: libbpf retries a failed load with a log
        opts.putLong(64, LOG_SIZE);          // kernel_log_size
        obj = bpf.bpf_object__open_file(path.toString(), opts);
        if (objectPath == null) {
            // libbpf keeps the file open until load: unlinking now leaves nothing in /tmp even after kill -9
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // deleteOnExit still applies
            }
        }
        if (obj == null || obj.address() == 0 || obj.address() > -4096L && obj.address() < 0) {
            obj = null;
            throw new BpfException("cannot open BPF object " + path + ": " + errno() + "\n" + libbpfLog(4000));
        }
        Pointer ring = map("events");
        if (bpf.bpf_map__set_max_entries(ring, (int) ringBytes) != 0) {
            throw new BpfException("Buffer_Size " + ringBytes + ": not accepted by libbpf");
        }
        ncpus = bpf.libbpf_num_possible_cpus();
        bpf.bpf_map__set_max_entries(map("scratch_map"), Math.max(1, ncpus));
        int rc = bpf.bpf_object__load(obj);
        if (rc != 0) {
            String log = logBuf.getString(0, LOG_SIZE - 1, java.nio.charset.StandardCharsets.UTF_8);
            throw new BpfException("loading the BPF programs failed (" + errnoText(-rc) + ")"
                    + verifierTail(log) + "\nlibbpf: " + libbpfLog(3000));
        }
        ringFd = bpf.bpf_map__fd(ring);
        wantedFd = bpf.bpf_map__fd(map("wanted"));
        settingsFd = bpf.bpf_map__fd(map("settings"));
        countersFd = bpf.bpf_map__fd(map("counters"));
    }

    /** Last lines of the verifier log: the reason is at its end. */
    static String verifierTail(String log) {
        if (log == null || log.isBlank()) {
            return "";
        }
        String[] lines = log.split("\n");
        int from = Math.max(0, lines.length - 40);
        StringBuilder sb = new StringBuilder("\nverifier log (last ").append(lines.length - from).append(" lines):");
        for (int i = from; i < lines.length; i++) {
            sb.append('\n').append(lines[i]);
        }
        return sb.toString();
    }

    private Pointer map(String name) {
        Pointer m = bpf.bpf_object__find_map_by_name(obj, name);
        if (m == null) {
            throw new BpfException("BPF object has no map '" + name + "'");
        }
        return m;
    }

    private static Path extractBundled() {
        try (InputStream in = BpfLoader.class.getResourceAsStream(OBJECT_RESOURCE)) {
            if (in == null) {
                throw new BpfException(OBJECT_RESOURCE + " missing from the classpath");
            }
            Path tmp = Files.createTempFile("peregrine", ".bpf.o");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new BpfException("cannot extract " + OBJECT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Attaches every program; fails whole (detaching what was attached) when one fails. */
    public void attach() {
        for (String name : PROGRAMS) {
            Pointer prog = bpf.bpf_object__find_program_by_name(obj, name);
            if (prog == null) {
                throw new BpfException("BPF object has no program '" + name + "'");
            }
            Pointer link = bpf.bpf_program__attach(prog);
            if (link == null || link.address() == 0) {
                throw new BpfException("attaching " + name + " failed: " + errno() + "\n" + libbpfLog(2000));
            }
            links.add(link);
        }
    }

    /**
     * The BPF programs loaded in the kernel now (by anyone), id to name, e.g. to check that nothing of ours stays
     * attached after the agent is gone. Names are cut to 15 characters by the kernel.
     */
    public static java.util.Map<Integer, String> loadedPrograms() {
        LibBpf lib = libbpf();
        Runtime rt = Runtime.getRuntime(lib);
        Pointer next = Memory.allocateDirect(rt, 4);
        Pointer info = Memory.allocateDirect(rt, 256);
        Pointer len = Memory.allocateDirect(rt, 4);
        java.util.Map<Integer, String> names = new java.util.TreeMap<>();
        int id = 0;
        while (lib.bpf_prog_get_next_id(id, next) == 0) {
            id = next.getInt(0);
            int fd = lib.bpf_prog_get_fd_by_id(id);
            if (fd < 0) {
                continue; // unloaded meanwhile
            }
            for (int i = 0; i < 256; i += 8) {
                info.putLong(i, 0);
            }
            len.putInt(0, 256);
            if (lib.bpf_obj_get_info_by_fd(fd, info, len) == 0) {
                names.put(id, info.getString(64, 16, java.nio.charset.StandardCharsets.UTF_8)); // bpf_prog_info.name
            }
            libc.close(fd);
        }
        return names;
    }

    /** Sets the settings entry (boot time for timestamps, own pid, Drop_Failed_Exit). */
    public void configure(int agentTgid, boolean dropFailed) {
        Pointer key = Memory.allocateDirect(runtime, 4);
        key.putInt(0, 0);
        Pointer v = Memory.allocateDirect(runtime, 16);
        v.putLong(0, bootTimeNanos());
        v.putInt(8, agentTgid);
        v.putInt(12, dropFailed ? 1 : 0);
        if (bpf.bpf_map_update_elem(settingsFd, key, v, 0) != 0) {
            throw new BpfException("cannot write the settings map: " + errno());
        }
    }

    /** Epoch nanoseconds at boot: the BPF side adds {@code bpf_ktime_get_boot_ns()}. */
    long bootTimeNanos() {
        Pointer ts = Memory.allocateDirect(runtime, 16);
        libc.clock_gettime(CLOCK_REALTIME, ts);
        long real = ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
        libc.clock_gettime(CLOCK_BOOTTIME, ts);
        long boot = ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
        return real - boot;
    }

    /** Marks which slots (syscall numbers, {@code PG_SLOT_PROCEXIT}) produce events. */
    public void setWanted(boolean[] slots) {
        Pointer key = Memory.allocateDirect(runtime, 4);
        Pointer v = Memory.allocateDirect(runtime, 4);
        for (int i = 0; i < slots.length; i++) {
            key.putInt(0, i);
            v.putInt(0, slots[i] ? 1 : 0);
            if (bpf.bpf_map_update_elem(wantedFd, key, v, 0) != 0) {
                throw new BpfException("cannot write the wanted map: " + errno());
            }
        }
    }

    /** Sums the per-CPU counters: events, drops (ring full), drops (too big). */
    public long[] counters() {
        int stride = 24; // sizeof(struct pg_counters), already 8-aligned
        Pointer key = Memory.allocateDirect(runtime, 4);
        key.putInt(0, 0);
        Pointer v = Memory.allocateDirect(runtime, (long) stride * Math.max(1, ncpus));
        long[] r = new long[3];
        if (bpf.bpf_map_lookup_elem(countersFd, key, v) != 0) {
            return r;
        }
        for (int c = 0; c < ncpus; c++) {
            for (int k = 0; k < 3; k++) {
                r[k] += v.getLong((long) c * stride + 8L * k);
            }
        }
        return r;
    }

    /** Maps the ring buffer: consumer page read-write, producer page and data (mapped twice) read-only. */
    public RingBufferReader mapRing(long ringBytes) {
        long page = 4096;
        Pointer cons = libc.mmap(null, page, PROT_READ | PROT_WRITE, MAP_SHARED, ringFd, 0);
        if (failed(cons)) {
            throw new BpfException("mmap of the ring buffer consumer page failed: " + errno());
        }
        Pointer prod = libc.mmap(null, page + 2 * ringBytes, PROT_READ, MAP_SHARED, ringFd, page);
        if (failed(prod)) {
            libc.munmap(cons, page);
            throw new BpfException("mmap of the ring buffer data failed: " + errno());
        }
        return new RingBufferReader(cons, prod, page, ringBytes, () -> {
            libc.munmap(cons, page);
            libc.munmap(prod, page + 2 * ringBytes);
        });
    }

    private static boolean failed(Pointer p) {
        return p == null || p.address() == -1L || p.address() == 0;
    }

    private String errno() {
        int e = runtime.getLastError();
        return errnoText(e);
    }

    static String errnoText(int e) {
        switch (e) {
            case 1: return "EPERM: operation not permitted (run as root or with CAP_BPF and CAP_PERFMON)";
            case 2: return "ENOENT";
            case 7: return "E2BIG: program too large";
            case 13: return "EACCES: permission denied (verifier rejected the program)";
            case 22: return "EINVAL: invalid argument (verifier rejected the program or kernel too old)";
            case 95: return "EOPNOTSUPP";
            case 524: return "ENOTSUPP: not supported by this kernel";
            default: return "errno " + e;
        }
    }

    @Override
    public void close() {
        for (Pointer l : links) {
            bpf.bpf_link__destroy(l);
        }
        links.clear();
        if (obj != null) {
            bpf.bpf_object__close(obj);
            obj = null;
        }
    }

    /** A failure to load or attach, with the reason a user can act on. */
    public static final class BpfException extends RuntimeException {
        public BpfException(String message) {
            super(message);
        }

        public BpfException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Checks done before touching libbpf, so the common mistakes get a plain answer. */
    static final class Preflight {
        private static final int CAP_SYS_ADMIN = 21;
        private static final int CAP_PERFMON = 38;
        private static final int CAP_BPF = 39;

        private Preflight() {
        }

        static void check() {
            if (!System.getProperty("os.arch").matches("amd64|x86_64")) {
                throw new BpfException("the syscall input supports x86_64 only (this is " + System.getProperty("os.arch") + ")");
            }
            long caps = effectiveCaps();
            boolean ok = (caps & (1L << CAP_SYS_ADMIN)) != 0
                    || (caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0;
            if (!ok) {
                throw new BpfException("the syscall input needs root, or CAP_BPF and CAP_PERFMON (effective"
                        + " capabilities: 0x" + Long.toHexString(caps) + ")");
            }
            if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux"))) {
                throw new BpfException("the kernel has no BTF (/sys/kernel/btf/vmlinux is missing): the syscall"
                        + " input needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (5.8 or later)");
            }
        }

        static long effectiveCaps() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("CapEff:")) {
                        return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
