package dev.peregrine.inputs.syscall;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system calls the BPF programs can report (x86_64 numbers, as in bpf/peregrine_events.h), and which of
 * them are on. The base set is what process and fd state needs (Falco's state syscalls); rules add more.
 * {@code procexit} is the scheduler tracepoint, in slot {@link #SLOT_PROCEXIT}.
 */
public final class SyscallSet {
    /** Size of the kernel's 'wanted' map ({@code PG_WANTED_SLOTS}). */
    public static final int SLOTS = 512;
    /** {@code PG_SLOT_PROCEXIT}. */
    public static final int SLOT_PROCEXIT = 511;

    private static final Map<String, Integer> NR = new LinkedHashMap<>();

    static {
        String[][] t = {
            {"open", "2"}, {"close", "3"}, {"dup", "32"}, {"dup2", "33"}, {"socket", "41"}, {"connect", "42"},
            {"accept", "43"}, {"bind", "49"}, {"clone", "56"}, {"fork", "57"}, {"vfork", "58"}, {"execve", "59"},
            {"chdir", "80"}, {"fchdir", "81"}, {"rename", "82"}, {"mkdir", "83"}, {"creat", "85"},
            {"unlink", "87"}, {"setuid", "105"}, {"setgid", "106"}, {"setreuid", "113"}, {"setregid", "114"},
            {"setresuid", "117"}, {"setresgid", "119"}, {"capset", "126"}, {"openat", "257"}, {"mkdirat", "258"},
            {"unlinkat", "263"}, {"renameat", "264"}, {"accept4", "288"}, {"dup3", "292"}, {"renameat2", "316"},
            {"execveat", "322"}, {"clone3", "435"}, {"openat2", "437"}, {"link", "86"}, {"symlink", "88"},
            {"chmod", "90"}, {"fchmod", "91"}, {"init_module", "175"}, {"linkat", "265"}, {"symlinkat", "266"},
            {"fchmodat", "268"}, {"unshare", "272"}, {"setns", "308"}, {"finit_module", "313"},
            {"memfd_create", "319"}, {"procexit", "511"},
        };
        for (String[] r : t) {
            NR.put(r[0], Integer.parseInt(r[1]));
        }
    }

    /** What state tracking needs: processes, fds, cwd, credentials. */
    public static final Set<String> BASE = Set.of("execve", "execveat", "clone", "clone3", "fork", "vfork",
            "procexit", "open", "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "socket", "connect",
            "accept", "accept4", "bind", "chdir", "fchdir", "setuid", "setgid", "setreuid", "setregid", "setresuid",
            "setresgid", "capset", "memfd_create");

    private SyscallSet() {
    }

    /** Every name this input can report. */
    public static Set<String> supported() {
        return Collections.unmodifiableSet(NR.keySet());
    }

    public static boolean isSupported(String name) {
        return NR.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The slots to switch on for {@code names} (unknown names are ignored: see {@link #unsupported}). */
    public static boolean[] slots(Collection<String> names) {
        boolean[] s = new boolean[SLOTS];
        for (String n : names) {
            Integer nr = NR.get(n.toLowerCase(Locale.ROOT));
            if (nr != null) {
                s[nr] = true;
            }
        }
        return s;
    }

    /** The names in {@code names} this input cannot report. */
    public static Set<String> unsupported(Collection<String> names) {
        Set<String> r = new TreeSet<>();
        for (String n : names) {
            if (!NR.containsKey(n.toLowerCase(Locale.ROOT))) {
                r.add(n);
            }
        }
        return r;
    }
}
