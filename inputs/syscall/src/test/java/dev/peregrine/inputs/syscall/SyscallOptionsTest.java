package dev.peregrine.inputs.syscall;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallOptionsTest {
    @Test
    void baseSetIsSupportedAndSlotsAreSet() {
        assertTrue(SyscallSet.unsupported(SyscallSet.BASE).isEmpty());
        boolean[] s = SyscallSet.slots(List.of("openat", "procexit", "MKDIR"));
        assertTrue(s[257]);
        assertTrue(s[SyscallSet.SLOT_PROCEXIT]);
        assertTrue(s[83]);
        assertFalse(s[0]);
        assertEquals(Set.of("ptrace"), SyscallSet.unsupported(List.of("ptrace", "execve")));
    }

    @Test
    void verifierTailKeepsTheEnd() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("R1 invalid mem access 'scalar'\n");
        String t = BpfLoader.verifierTail(log.toString());
        assertTrue(t.endsWith("R1 invalid mem access 'scalar'"), t);
        assertFalse(t.contains("line 10\n"), t);
        assertEquals("", BpfLoader.verifierTail(""));
    }
}
