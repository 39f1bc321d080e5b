package dev.peregrine.filters.falco.extract;

import dev.peregrine.filters.falco.compile.FieldRef;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import dev.peregrine.syscalls.EventEncoder;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.EventContext;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.NetworkInterfaces;
import dev.peregrine.syscalls.state.StateTracker;
import dev.peregrine.syscalls.state.ThreadInfo;
import dev.peregrine.syscalls.state.ThreadTable;
import dev.peregrine.syscalls.state.UserTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fields the stable rules use, extracted from hand-built exit events (Falco 0.42+ form) over a small process
 * tree: systemd(1) → sshd(50) → bash(100) on the host, and containerd-shim(300) → sh(301) in a container.
 */
class SyscallFieldSourceTest {
    static final String CID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    private final EventEncoder enc = new EventEncoder();
    private final SyscallEvent ev = new SyscallEvent();
    private final SyscallFieldSource src = new SyscallFieldSource();
    private StateTracker st;
    private long num;
    private int refId;

    static ThreadInfo thread(long tid, long ptid, String comm, String exe, String... args) {
        ThreadInfo t = new ThreadInfo(tid);
        t.ptid = ptid;
        t.comm = comm;
        t.exe = exe;
        t.exepath = exe;
        t.args = args;
        t.cwd = "/root/";
        t.uid = 0;
        t.gid = 0;
        t.vpid = tid;
        return t;
    }

    @BeforeEach
    void tree() {
        ThreadTable tt = new ThreadTable();
        tt.put(thread(1, 0, "systemd", "/sbin/init"));
        tt.put(thread(50, 1, "sshd", "/usr/sbin/sshd", "-D"));
        ThreadInfo bash = thread(100, 50, "bash", "/bin/bash");
        bash.uid = 1000;
        bash.gid = 1000;
        bash.loginuid = 1000;
        bash.tty = 34816;
        tt.put(bash);
        ThreadInfo shim = thread(300, 1, "containerd-shim", "/usr/bin/containerd-shim");
        tt.put(shim);
        UserTable users = new UserTable();
        users.addUser(new UserTable.User(1000, 1000, "alice", "/home/alice", "/bin/bash"));
        users.addGroup(new UserTable.Group(1000, "alice"));
        NetworkInterfaces ifs = new NetworkInterfaces();
        ifs.add(new NetworkInterfaces.Address("eth0", 0x0a000001, null));
        st = new StateTracker(tt, users).interfaces(ifs);
    }

    Object get(String field) {
        return get(field, null);
    }

    Object get(String field, String arg) {
        FieldRegistry.Resolved r = FieldRegistry.syscall().resolve(field, arg);
        assertNotNull(r, field);
        return src.value(new FieldRef(refId++, r.info(), r.arg(), field));
    }

    EventContext apply(EventEncoder e) {
        EventContext ctx = st.apply(e.into(ev, ++num));
        src.set(ctx);
        return ctx;
    }

    EventEncoder execve(long tid, long ptid, String exe, String args, String comm, String cgroups, long tty) {
        return enc.start("PPME_SYSCALL_EXECVE_19_X", 20, tid).param(0L).param(exe).param(args.getBytes())
                .param(tid).param(tid).param(ptid).param("/").param(1024L).param(0L).param(0L).param(0L)
                .param(0L).param(0L).param(comm).param(cgroups.getBytes()).param("A=1\0".getBytes()).param(tty)
                .param(tid).param(1000L).param(6L).param(0L).param(0x200000L).param(0x200000L | 1L).param(1L)
                .param(0L).param(0L).param(1000L).param(exe).param(tid).param(1000L).param(exe);
    }

    @Test
    void processFields_afterExec() {
        apply(execve(200, 100, "/usr/bin/cat", "/etc/shadow\0", "cat", "cpu=/user.slice\0", 34816));
        assertEquals("cat", get("proc.name"));
        assertEquals("/usr/bin/cat", get("proc.exepath"));
        assertEquals("cat /etc/shadow", get("proc.cmdline"));
        assertEquals("/etc/shadow", get("proc.args"));
        assertEquals("bash", get("proc.pname"));
        assertEquals("bash", get("proc.pcmdline"));
        assertEquals("/bin/bash", get("proc.pexe"));
        assertEquals("sshd", get("proc.aname", "2"));
        assertEquals("systemd", get("proc.aname", "3"));
        assertNull(get("proc.aname", "5"));
        assertEquals(List.of("bash", "sshd", "systemd"), get("proc.aname"));
        assertEquals(34816L, get("proc.tty"));
        assertEquals(200L, get("proc.vpid"));
        assertEquals(Boolean.TRUE, get("proc.is_exe_upper_layer"));
        assertEquals(Boolean.TRUE, get("proc.is_exe_from_memfd"));
        assertEquals("CAP_CHOWN CAP_SYS_ADMIN", get("thread.cap_effective"));
        assertEquals("CAP_SYS_ADMIN", get("thread.cap_permitted"));
        assertEquals(1000L, get("user.uid"));
        assertEquals("alice", get("user.name"));
        assertEquals(1000L, get("user.loginuid"));
        assertEquals("alice", get("user.loginname"));
        assertEquals("alice", get("group.name"));
        assertEquals("host", get("container.id"));
        assertEquals("host", get("container.name"));
        assertNull(get("k8s.ns.name"));
        assertEquals("execve", get("evt.type"));
        assertEquals("SUCCESS", get("evt.res"));
        assertEquals(0L, get("evt.rawres"));
        assertNull(get("fd.name"), "execve is not an fd event");
    }

    @Test
    void openCreateAndExec_followLibsinsp() {
        apply(execve(200, 100, "/usr/bin/cat", "x\0", "cat", "cpu=/\0", 0));
        // O_WRONLY|O_CREAT, mode 0755, created by the call (O_F_CREATED)
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 22, 200).param(3L).param(-100L).param("/tmp/x")
                .param(2L | 4L | (1L << 14)).param(0755L).param(0L).param(0L));
        assertEquals(Boolean.TRUE, get("evt.is_open_create"));
        assertEquals(Boolean.TRUE, get("evt.is_open_exec"));
        // O_CREAT on an existing file (not created), mode 0644: neither
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 23, 200).param(4L).param(-100L).param("/tmp/y")
                .param(2L | 4L).param(0644L).param(0L).param(0L));
        assertEquals(Boolean.FALSE, get("evt.is_open_create"));
        assertEquals(Boolean.FALSE, get("evt.is_open_exec"));
        // O_TMPFILE that succeeded is a creation; an exec mode without O_CREAT/O_TMPFILE is not an exec open
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 24, 200).param(5L).param(-100L).param("/tmp")
                .param(2L | (1L << 13)).param(0700L).param(0L).param(0L));
        assertEquals(Boolean.TRUE, get("evt.is_open_create"));
        assertEquals(Boolean.TRUE, get("evt.is_open_exec"));
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 25, 200).param(6L).param(-100L).param("/bin/ls")
                .param(1L).param(0755L).param(0L).param(0L));
        assertEquals(Boolean.FALSE, get("evt.is_open_create"));
        assertEquals(Boolean.FALSE, get("evt.is_open_exec"));
    }

    @Test
    void fileFields_openatRelativeToCwd() {
        apply(execve(200, 100, "/usr/bin/cat", "x\0", "cat", "cpu=/\0", 0));
        apply(enc.start("PPME_SYSCALL_CHDIR_X", 21, 200).param(0L).param("/etc"));
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 22, 200).param(3L).param(-100L).param("./shadow")
                .param(1L | 4096L).param(0L).param(0L).param(0L));
        assertEquals(3L, get("fd.num"));
        assertEquals("/etc/shadow", get("fd.name"));
        assertEquals("./shadow", get("fd.nameraw"));
        assertEquals("/etc", get("fd.directory"));
        assertEquals("shadow", get("fd.filename"));
        assertEquals("f", get("fd.typechar"));
        assertEquals("file", get("fd.type"));
        assertEquals(Boolean.TRUE, get("evt.is_open_read"));
        assertEquals(Boolean.FALSE, get("evt.is_open_write"));
        assertEquals("O_RDONLY|O_CLOEXEC", get("evt.arg.flags"));
        assertEquals("/etc/shadow", get("evt.arg", "2"), "relative path params resolve against dirfd/cwd");
        assertEquals("/etc/shadow", get("evt.arg.name"));
        assertEquals("/etc/", get("proc.cwd"));

        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 23, 200).param(-2L).param(-100L).param("/nonexistent")
                .param(1L).param(0L).param(0L).param(0L));
        assertEquals(-2L, get("fd.num"));
        assertEquals("ENOENT", get("evt.res"));
        assertEquals("/nonexistent", get("fd.name"), "failed open: name from the event");
        assertEquals("f", get("fd.typechar"));
        assertNull(get("fd.filename"));
    }

    @Test
    void networkFields_connect() {
        apply(enc.start("PPME_SOCKET_SOCKET_X", 30, 100).param(4L).param(2L).param(1L).param(0L).param(0L));
        assertEquals("AF_INET", get("evt.arg.domain"));
        byte[] tuple = {2, 10, 0, 0, 1, 0x39, 0x30, (byte) 192, (byte) 168, 1, 7, 22, 0};
        apply(enc.start("PPME_SOCKET_CONNECT_X", 31, 100).param(0L).param(tuple).param(4L).param(new byte[0]));
        assertEquals("10.0.0.1:12345->192.168.1.7:22", get("fd.name"));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 7}, (byte[]) get("fd.sip"));
        assertEquals(22L, get("fd.sport"));
        assertEquals(12345L, get("fd.cport"));
        assertEquals(22L, get("fd.rport"));
        assertEquals(12345L, get("fd.lport"));
        assertEquals("tcp", get("fd.l4proto"));
        assertEquals(Boolean.TRUE, get("fd.connected"));
        assertEquals(Boolean.FALSE, get("fd.is_server"), "192.168.1.7 is not an interface of this machine");
        assertArrayEquals(new byte[] {10, 0, 0, 1}, (byte[]) get("fd.lip"));
        assertEquals("4", get("fd.typechar"));
        assertEquals("ipv4", get("fd.type"));
        assertNull(get("fd.directory"), "not a file");
    }

    @Test
    void containerFields_fromCgroups() {
        apply(execve(301, 300, "/bin/sh", "", "sh", "cpuset=/docker/" + CID + "\0", 34817));
        assertEquals(CID.substring(0, 12), get("container.id"));
        assertNull(get("container.name"), "metadata comes from the runtime, not here");
        assertNull(get("container.image.repository"));
        assertEquals("docker", get("container.type"));
    }

    @Test
    void ptraceRequest_rendersItsName() {
        apply(enc.start("PPME_SYSCALL_PTRACE_X", 40, 100).param(0L).param(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0})
                .param(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0}).param(11L).param(200L));
        assertEquals("PTRACE_ATTACH", get("evt.arg.request"));
        assertTrue(((String) get("evt.args")).contains("request=11(PTRACE_ATTACH) pid=200"), (String) get("evt.args"));
    }

    // ---- the stable rules over the same events

    private RuleSet stable() throws IOException {
        Path p = SharedData.require("falco-rules/falco_rules.yaml");
        RuleLoader loader = new RuleLoader();
        loader.load("falco_rules.yaml", Files.readString(p, StandardCharsets.UTF_8));
        return loader.compile();
    }

    private String firstMatch(RuleSet rs) {
        CompiledRule r = rs.firstMatch(EventTypeNames.indexOf(ev.name()), src);
        return r == null ? null : r.name();
    }

    @Test
    void stableRules_readSensitiveFileUntrusted() throws IOException {
        RuleSet rs = stable();
        apply(execve(200, 100, "/usr/bin/cat", "/etc/shadow\0", "cat", "cpu=/\0", 34816));
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 22, 200).param(3L).param(-100L).param("/etc/shadow")
                .param(1L).param(0L).param(0L).param(0L));
        assertEquals("Read sensitive file untrusted", firstMatch(rs));
        apply(enc.start("PPME_SYSCALL_OPENAT_2_X", 23, 200).param(3L).param(-100L).param("/etc/hostname")
                .param(1L).param(0L).param(0L).param(0L));
        assertNull(firstMatch(rs));
    }

    @Test
    void stableRules_terminalShellAndPacketSocketInContainer() throws IOException {
        RuleSet rs = stable();
        apply(execve(301, 300, "/bin/sh", "", "sh", "cpuset=/docker/" + CID + "\0", 34817));
        assertEquals("Terminal shell in container", firstMatch(rs));
        apply(enc.start("PPME_SOCKET_SOCKET_X", 30, 301).param(4L).param(17L).param(3L).param(768L).param(0L));
        assertEquals("Packet socket created in container", firstMatch(rs));
    }

    @Test
    void unknownFields_areNull() {
        apply(enc.start("PPME_SYSCALL_CHDIR_X", 50, 100).param(0L).param("/tmp"));
        assertNull(get("fd.num"), "chdir is not an fd event");
        assertNull(get("k8s.pod.name"));
        assertEquals("chdir", get("evt.type"));
        assertEquals("/tmp/", get("proc.cwd"));
        FdInfo f = st.threads().fds(st.threads().get(100)).get(0);
        assertNull(f);
        assertEquals(FdType.FILE_V2.typeChar(), 'f');
    }
}
