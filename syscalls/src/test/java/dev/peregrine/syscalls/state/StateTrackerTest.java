package dev.peregrine.syscalls.state;

import dev.peregrine.syscalls.EventEncoder;
import dev.peregrine.syscalls.SyscallEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libsinsp parser semantics on hand-built exit events (the form Falco 0.42+ drivers deliver). */
class StateTrackerTest {
    static final String CG = "cpuset=/\0memory=/docker/3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e\0";
    private final EventEncoder enc = new EventEncoder();
    private final SyscallEvent ev = new SyscallEvent();
    private StateTracker st;
    private long num;

    @BeforeEach
    void shell() {
        ThreadTable tt = new ThreadTable();
        ThreadInfo bash = new ThreadInfo(100);
        bash.comm = "bash";
        bash.exe = "/bin/bash";
        bash.exepath = "/usr/bin/bash";
        bash.cwd = "/home/u/";
        bash.uid = 1000;
        bash.ptid = 1;
        bash.fds.put(0, new FdInfo(FdType.FILE_V2, "/dev/pts/0"));
        tt.put(bash);
        st = new StateTracker(tt, new UserTable());
    }

    EventContext apply(EventEncoder e) {
        return st.apply(e.into(ev, ++num));
    }

    /** clone exit as the child sees it (res 0). */
    EventEncoder cloneChild(long tid, long pid, long ptid, long flags) {
        return enc.start("PPME_SYSCALL_CLONE_20_X", 10, tid).param(0L).param("/bin/bash").param("")
                .param(tid).param(pid).param(ptid).param("/home/u").param(1024L).param(0L).param(0L).param(0L)
                .param(0L).param(0L).param("bash").param(CG.getBytes()).param(flags).param(1000L).param(1000L)
                .param(tid).param(pid).param(0L);
    }

    /** clone exit as the caller sees it (res = the child's id in the caller's pid namespace). */
    EventEncoder cloneParent(long tid, long res, long flags, long vtid) {
        return enc.start("PPME_SYSCALL_CLONE_20_X", 10, tid).param(res).param("/bin/bash").param("")
                .param(tid).param(tid).param(1L).param("/home/u").param(1024L).param(0L).param(0L).param(0L)
                .param(0L).param(0L).param("bash").param(CG.getBytes()).param(flags).param(1000L).param(1000L)
                .param(vtid).param(vtid).param(0L);
    }

    /** clone exit of a child with its ids in its own pid namespace. */
    EventEncoder cloneChildNs(long tid, long ptid, long flags, long vtid) {
        return enc.start("PPME_SYSCALL_CLONE_20_X", 11, tid).param(0L).param("/bin/bash").param("")
                .param(tid).param(tid).param(ptid).param("/home/u").param(1024L).param(0L).param(0L).param(0L)
                .param(0L).param(0L).param("bash").param(CG.getBytes()).param(flags).param(1000L).param(1000L)
                .param(vtid).param(vtid).param(0L);
    }

    @Test
    void forkSeenFromTheParentFirst_childHasItsVpid() {
        apply(cloneParent(100, 200, 0, 100));
        ThreadInfo c = st.threads().get(200);
        assertEquals(200, c.vpid);
        assertEquals(200, c.vtid);
        apply(cloneChild(200, 200, 100, 0));
        assertEquals(200, st.threads().get(200).vpid);
    }

    @Test
    void forkIntoANewPidNamespace_childIsItsInit() {
        long newPid = 1 << 6;
        apply(cloneParent(100, 300, newPid, 100));
        assertEquals(1, st.threads().get(300).vpid);
        apply(cloneChildNs(300, 100, newPid | 1 << 29, 1));
        assertEquals(1, st.threads().get(300).vpid);
    }

    @Test
    void callerInAPidNamespace_childComesFromItsOwnEvent() {
        long inNs = 1 << 29;
        apply(cloneChildNs(400, 100, inNs, 1)); // the container's init
        apply(cloneParent(400, 2, inNs, 1));    // it forks: res 2 is the child's id in the container
        assertNull(st.threads().get(2), "a namespace-relative id is not a host tid");
        apply(cloneChildNs(401, 400, inNs, 2));
        ThreadInfo c = st.threads().get(401);
        assertEquals(2, c.vpid);
        assertEquals(400, c.ptid);
    }

    EventEncoder execve(long tid, String exe, String args, String comm, String exepath) {
        return enc.start("PPME_SYSCALL_EXECVE_19_X", 20, tid).param(0L).param(exe).param(args.getBytes())
                .param(tid).param(tid).param(100L).param("/home/u").param(1024L).param(0L).param(0L).param(0L)
                .param(0L).param(0L).param(comm).param(CG.getBytes()).param("HOME=/home/u\0".getBytes()).param(34816L)
                .param(tid).param(1000L).param(2L).param(0L).param(0x3fL).param(0x3fL).param(1L).param(0L).param(0L)
                .param(0L).param(exepath).param(tid).param(0L).param(exepath);
    }

    @Test
    void forkThenExec_buildsTheProcess() {
        apply(cloneChild(200, 200, 100, 0));
        ThreadInfo c = st.threads().get(200);
        assertEquals("bash", c.comm);
        assertEquals(100, c.ptid);
        assertEquals("/home/u/", c.cwd);
        assertNotNull(st.threads().fds(c).get(0), "fork copies the fd table");
        assertFalse(st.threads().fds(c) == st.threads().fds(st.threads().get(100)), "copied, not shared");

        EventContext ctx = apply(execve(200, "cat", "/etc/shadow\0", "cat", "/usr/bin/cat"));
        assertSame(c, ctx.thread());
        assertEquals("cat", c.comm);
        assertEquals("cat /etc/shadow", c.cmdline());
        assertEquals("/usr/bin/cat", c.exepath);
        assertEquals(34816, c.tty);
        assertEquals(1000, c.loginuid);
        assertTrue(c.exeUpperLayer);
        assertEquals(0x3f, c.capEffective);
        assertEquals(0, c.uid);
        assertEquals("3ad7b26ded6d", st.containerIds().containerId(c));
        assertEquals("bash", st.threads().parent(c).comm);
    }

    @Test
    void threadClone_sharesFdTable() {
        apply(cloneChild(101, 100, 1, 1 << 13 | 1));
        assertSame(st.threads().fds(st.threads().get(100)), st.threads().fds(st.threads().get(101)));
    }

    @Test
    void openatCloseDup_maintainTheFdTable() {
        EventContext ctx = apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 30, 100).param(3L).param(-100L)
                .param("../x/./secret").param(1L).param(0L).param(0L).param(0L));
        assertEquals(3, ctx.fdNum());
        assertEquals("/home/x/secret", ctx.fd().name);
        assertEquals("../x/./secret", ctx.fd().nameRaw);
        FdTable fds = st.threads().fds(st.threads().get(100));
        assertEquals("/home/x/secret", fds.get(3).name);

        ctx = apply(enc.start("PPME_SYSCALL_DUP2_X", 31, 100).param(1L).param(3L).param(1L));
        assertEquals("/home/x/secret", fds.get(1).name);

        ctx = apply(enc.start("PPME_SYSCALL_CLOSE_X", 32, 100).param(0L).param(3L));
        assertEquals("/home/x/secret", ctx.fd().name, "the close event still sees the fd");
        assertNull(fds.get(3));

        ctx = apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 33, 100).param(-2L).param(-100L)
                .param("/nope").param(1L).param(0L).param(0L).param(0L));
        assertEquals(-2, ctx.fdNum());
        assertNull(ctx.fd());
    }

    @Test
    void socketConnect_setsTheTuple() {
        apply(enc.start("PPME_SOCKET_SOCKET_X", 40, 100).param(5L).param(2L).param(1L).param(0L).param(0L));
        FdInfo s = st.threads().fds(st.threads().get(100)).get(5);
        assertEquals(FdType.IPV4_SOCK, s.type);
        assertEquals(2, s.l4proto);
        byte[] tuple = {2, 10, 0, 0, 1, 0x39, 0x30, 10, 0, 0, 2, 80, 0};
        byte[] addr = {2, 10, 0, 0, 2, 80, 0};
        EventContext ctx = apply(enc.start("PPME_SOCKET_CONNECT_X", 41, 100).param(0L).param(tuple).param(5L).param(addr));
        assertSame(s, ctx.fd());
        assertEquals("10.0.0.1:12345->10.0.0.2:80", s.name);
        assertEquals(80, s.dport);
        assertTrue((s.flags & FdInfo.FLAG_CONNECTED) != 0);
    }

    @Test
    void chdirAndUnknownThreads() {
        apply(enc.start("PPME_SYSCALL_CHDIR_X", 50, 100).param(0L).param("../tmp"));
        assertEquals("/home/tmp/", st.threads().get(100).cwd);

        EventContext ctx = apply(enc.start("PPME_SYSCALL_CLOSE_X", 51, 999).param(0L).param(4L));
        ThreadInfo t = ctx.thread();
        assertEquals("<NA>", t.comm);
        assertEquals(-1, t.pid);
        assertTrue(t.invalid);
    }

    @Test
    void procexit_removesTheThreadAfterItsEvent() {
        apply(cloneChild(200, 200, 100, 0));
        EventContext ctx = apply(enc.start("PPME_PROCEXIT_1_E", 60, 200).param(0L).param(0L).param(0L).param(0L).param(0L));
        assertEquals(200, ctx.thread().tid);
        apply(enc.start("PPME_SYSCALL_CHDIR_X", 61, 100).param(0L).param("/"));
        assertNull(st.threads().get(200));
    }
}
