package dev.peregrine.syscalls;

import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;
import org.msgpack.value.ValueFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallEventTest {
    private final EventEncoder enc = new EventEncoder();

    @Test
    void decode_readsHeaderAndTypedParams() {
        SyscallEvent e = enc.start("PPME_SYSCALL_OPENAT_2_X", 1_000_000_123L, 42).param(3L).param(-100L)
                .param("etc/shadow").param(1L | 4096L).param(0L).param(0x803L).param(77L).into(new SyscallEvent(), 7);
        assertEquals(7, e.num());
        assertEquals(1_000_000_123L, e.ts());
        assertEquals(42, e.tid());
        assertEquals("openat", e.name());
        assertTrue(e.isExit());
        assertEquals(7, e.paramCount());
        assertEquals(3, e.paramLong(0));
        assertEquals(-100, e.paramLong(1));
        assertEquals("etc/shadow", e.paramString(2));
        assertTrue(e.paramEquals(2, "etc/shadow"));
        assertEquals("O_RDONLY|O_CLOEXEC", ParamText.render(e, 3));
        assertEquals(2, e.paramIndex("name"));
        assertEquals(-1, e.paramIndex("nope"));
    }

    @Test
    void negativeResult_rendersErrnoName() {
        SyscallEvent e = enc.start("PPME_SYSCALL_CLOSE_X", 1, 1).param(-9L).param(5L).into(new SyscallEvent(), 1);
        assertEquals("EBADF", ParamText.render(e, 0));
        assertEquals(-9, e.paramLong(0));
    }

    @Test
    void copy_survivesBufferReuse() {
        SyscallEvent e = enc.start("PPME_SYSCALL_CHDIR_X", 5, 9).param(0L).param("/tmp").into(new SyscallEvent(), 3);
        SyscallEvent c = e.copy();
        enc.start("PPME_SYSCALL_CHDIR_X", 6, 9).param(0L).param("/var").into(e, 4);
        assertEquals("/tmp", c.paramString(1));
        assertEquals(3, c.num());
        assertEquals("/var", e.paramString(1));
    }

    @Test
    void toMap_hasTypeAndArgs() {
        SyscallEvent e = enc.start("PPME_SYSCALL_CHDIR_X", 5, 9).param(0L).param("/tmp").into(new SyscallEvent(), 3);
        MapValue m = e.toMap();
        assertEquals(ValueFactory.newString("chdir"), m.map().get(ValueFactory.newString("evt.type")));
        MapValue args = m.map().get(ValueFactory.newString("evt.args")).asMapValue();
        assertEquals(ValueFactory.newString("/tmp"), args.map().get(ValueFactory.newString("path")));
    }

    @Test
    void emptyParam_isNullString() {
        SyscallEvent e = enc.start("PPME_SYSCALL_CHDIR_X", 5, 9).param(0L).param(null).into(new SyscallEvent(), 1);
        assertNull(e.paramString(1));
    }

    @Test
    void decode_rejectsLengthsBeyondTheEvent() {
        byte[] b = enc.start("PPME_SYSCALL_CHDIR_X", 5, 9).param(0L).param("/tmp").bytes();
        b[26 + 2] = (byte) 200; // second param length beyond the event
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new SyscallEvent().decode(b, 0, b.length));
        assertTrue(ex.getMessage().contains("param 1 len: 200"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyscallEvent().decode(b, 0, 10));
    }

    @Test
    void decodeV1_infersParamCountFromLengths() {
        // Old captures: header without nparams; the count comes from the lengths adding up to len.
        byte[] v2 = enc.start("PPME_SYSCALL_CLOSE_X", 5, 9).param(0L).bytes();
        byte[] v1 = new byte[v2.length - 4];
        System.arraycopy(v2, 0, v1, 0, 22);
        System.arraycopy(v2, 26, v1, 22, v2.length - 26);
        int len = v1.length;
        v1[16] = (byte) len;
        v1[17] = (byte) (len >>> 8);
        SyscallEvent e = new SyscallEvent();
        e.decodeV1(v1, 0, v1.length);
        assertEquals(1, e.paramCount());
        assertEquals(0, e.paramLong(0));
        assertEquals("close", e.name());
    }
}
