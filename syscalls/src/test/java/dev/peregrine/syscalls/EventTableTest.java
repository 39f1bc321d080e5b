package dev.peregrine.syscalls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTableTest {
    @Test
    void table_hasEveryCodeOfLibs_withEnterEvenAndExitOdd() {
        assertEquals(454, EventTable.size());
        for (int c = 0; c < EventTable.size(); c++) {
            EventInfo e = EventTable.get(c);
            assertEquals(c, e.code());
            assertEquals(c % 2 == 1, e.isExit(), e.symbol());
        }
        assertNull(EventTable.get(454));
    }

    @Test
    void openExit_paramsAndFlags() {
        EventInfo open = EventTable.get(3);
        assertEquals("PPME_SYSCALL_OPEN_X", open.symbol());
        assertEquals("open", open.name());
        assertEquals(6, open.paramCount());
        assertEquals("flags", open.param(2).name());
        assertEquals(ParamType.FLAGS32, open.param(2).type());
        assertEquals("file_flags", open.param(2).flagTable());
        assertTrue(open.has(EventFlag.CREATES_FD));
        assertFalse(open.has(EventFlag.USES_FD));
        assertTrue(open.isSyscall());
    }

    @Test
    void execveExit_hasAllCurrentParams() {
        EventInfo x = null;
        for (int c = 0; c < EventTable.size(); c++) {
            if (EventTable.get(c).symbol().equals("PPME_SYSCALL_EXECVE_19_X")) {
                x = EventTable.get(c);
            }
        }
        assertEquals(31, x.paramCount());
        assertEquals(27, x.paramIndex("trusted_exepath"));
        assertEquals(ParamType.UID, x.param(x.paramIndex("loginuid")).type());
    }

    @Test
    void syscallNames_ofPpmScCodes() {
        assertEquals("open", EventTable.syscallName(5));
        assertEquals("mprotect", EventTable.syscallName(75));
        assertNull(EventTable.syscallName(100000));
    }

    @Test
    void flags_renderAsLibsinsp() {
        FlagTables.Table f = FlagTables.get("file_flags");
        assertEquals("O_RDONLY|O_CLOEXEC", FlagTables.renderFlags(f, 1 | 4096));
        assertEquals("O_RDWR", FlagTables.renderFlags(f, 3));
        assertEquals("O_NONE", FlagTables.renderFlags(f, 0));
        FlagTables.Table af = FlagTables.get("socket_families");
        assertEquals("AF_INET", FlagTables.renderEnum(af, 2));
        assertEquals("AF_LOCAL|AF_UNIX", FlagTables.renderEnum(af, 1));
        assertEquals("AF_PACKET", FlagTables.renderEnum(af, 17));
        // ppm codes, not Linux request numbers
        assertEquals("PTRACE_ATTACH", FlagTables.renderEnum(FlagTables.get("ptrace_requests"), 11));
    }

    @Test
    void errnoNames() {
        assertEquals("ENOENT", Errno.name(-2));
        assertEquals("EINPROGRESS", Errno.name(-115));
        assertEquals("ERESTARTSYS", Errno.name(-512));
        assertEquals("", Errno.name(-41));
        assertEquals("", Errno.name(3));
    }
}
