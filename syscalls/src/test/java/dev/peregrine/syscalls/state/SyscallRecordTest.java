package dev.peregrine.syscalls.state;

import dev.peregrine.syscalls.EventEncoder;
import dev.peregrine.syscalls.SyscallEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Live records over a reused event: nothing copied until retained, and a retained record keeps this event's state. */
class SyscallRecordTest {
    private final EventEncoder enc = new EventEncoder();
    private final SyscallEvent reused = new SyscallEvent();

    private StateTracker shell() {
        ThreadTable tt = new ThreadTable();
        ThreadInfo bash = new ThreadInfo(100);
        bash.comm = "cat";
        bash.exe = "/bin/cat";
        bash.args = new String[] {"/etc/hosts"};
        bash.cwd = "/root/";
        bash.uid = 0;
        bash.ptid = 1;
        tt.put(bash);
        return new StateTracker(tt, new UserTable());
    }

    private EventContext open(StateTracker st, long num, String path, long fd) {
        enc.start("PPME_SYSCALL_OPENAT_2_X", 1000 + num, 100).param(fd).param(-100L).param(path).param(1L)
                .param(0L).param(0L).param(0L);
        return st.apply(enc.into(reused, num));
    }

    @Test
    void retainedRecordKeepsItsEventAndStateWhenTheSourceDecodesTheNext() {
        StateTracker st = shell();
        SyscallRecord live = SyscallRecord.live(reused, open(st, 1, "/etc/hosts", 3));
        SyscallRecord kept = live.retain();
        assertNotSame(live, kept);
        assertSame(kept, kept.retain(), "a retained record owns its data");

        open(st, 2, "/etc/passwd", 4); // the source reuses its event for the next one

        assertEquals(1, kept.event().num());
        assertEquals("/etc/hosts", kept.fdName());
        assertEquals(3, kept.fdNum());
        assertEquals("cat /etc/hosts", kept.cmdline());
        assertEquals("/etc/hosts", kept.toMap().map().get(org.msgpack.value.ValueFactory.newString("fd.name"))
                .asStringValue().asString());
        // the live record is a view: after the append it shows whatever the source decoded last
        assertEquals(2, live.event().num());
    }

    @Test
    void liveRecordAnswersDuringTheAppendWithoutBeingRetained() {
        StateTracker st = shell();
        SyscallRecord live = SyscallRecord.live(reused, open(st, 1, "/etc/shadow", 5));
        assertEquals("/etc/shadow", live.fdName());
        assertEquals("cat", live.comm());
        assertEquals(100, live.pid());
        assertEquals("host", live.containerId());
    }
}
