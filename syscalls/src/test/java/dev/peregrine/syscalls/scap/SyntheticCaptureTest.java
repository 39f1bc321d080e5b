package dev.peregrine.syscalls.scap;

import dev.peregrine.syscalls.EventEncoder;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.FdType;
import dev.peregrine.syscalls.state.ThreadInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Block versions the shipped captures do not contain, written by hand after libscap's savefile writer:
 * process list v9 (with per-entry length and post-0.10 fields), fd list v2, user list v2, interface list v2,
 * event blocks with flags (EVF v2) and large-payload event blocks.
 */
class SyntheticCaptureTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void block(int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        int total = 12 + padded;
        ByteBuffer b = le(total);
        b.putInt(type).putInt(total).put(body);
        b.position(8 + padded);
        b.putInt(total);
        out.writeBytes(b.array());
    }

    private static void str16(ByteBuffer b, String s) {
        byte[] x = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) x.length).put(x);
    }

    private static byte[] used(ByteBuffer b) {
        byte[] r = new byte[b.position()];
        b.flip();
        b.get(r);
        return r;
    }

    private byte[] capture() {
        ByteBuffer shb = le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 2).putLong(-1);
        block(BlockType.SHB, shb.array());

        // process list v9: one entry with every field up to pgid
        ByteBuffer e = le(1024);
        e.putInt(0); // sub_len, patched below
        e.putLong(42).putLong(42).putLong(1).putLong(42).putLong(42);
        str16(e, "nginx");
        str16(e, "/usr/sbin/nginx");
        str16(e, "/usr/sbin/nginx");
        str16(e, "-g\0daemon off;\0");
        str16(e, "/srv");
        e.putLong(1024).putInt(0).putInt(33).putInt(33);
        e.putInt(100).putInt(50).putInt(0).putLong(1).putLong(2);
        str16(e, "PATH=/bin\0");
        e.putLong(1).putLong(1);
        str16(e, "cpuset=/docker/3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e\0");
        str16(e, "/");
        e.putLong(123).putInt(34816).putInt(1000).put((byte) 1).putLong(0).putLong(0x3f).putLong(0x3f)
                .put((byte) 1).putLong(77).putLong(0).putLong(0).put((byte) 0).put((byte) 0).putLong(42);
        e.putInt(0, e.position());
        block(BlockType.PL_V9, used(e));

        // fd list v2 for tid 42: a listening IPv4 socket and a file with dev
        ByteBuffer f = le(256);
        f.putLong(42);
        int start = f.position();
        f.putInt(0).putLong(3).putLong(9).put((byte) 5).putInt(Integer.reverseBytes(0x7f000001)).putShort((short) 80)
                .put((byte) 2);
        f.putInt(start, f.position() - start);
        start = f.position();
        f.putInt(0).putLong(4).putLong(10).put((byte) 16).putInt(1);
        str16(f, "/var/log/nginx/access.log");
        f.putInt(0x801);
        f.putInt(start, f.position() - start);
        block(BlockType.FDL_V2, used(f));

        ByteBuffer u = le(256);
        start = u.position();
        u.putInt(0).put((byte) 0).putInt(33).putInt(33);
        str16(u, "www-data");
        str16(u, "/var/www");
        str16(u, "/usr/sbin/nologin");
        u.putInt(start, u.position() - start);
        start = u.position();
        u.putInt(0).put((byte) 1).putInt(33);
        str16(u, "www-data");
        u.putInt(start, u.position() - start);
        block(BlockType.UL_V2, used(u));

        ByteBuffer il = le(256);
        start = il.position();
        il.putInt(0).putShort((short) 1).putShort((short) 2).putInt(Integer.reverseBytes(0x7f000001)).putInt(0)
                .putInt(0).putLong(0).put("lo".getBytes());
        il.putInt(start, il.position() - start - 4);
        block(BlockType.IL_V2, used(il));

        EventEncoder enc = new EventEncoder();
        byte[] ev = enc.start("PPME_SYSCALL_CLOSE_X", 1000, 42).param(0L).param(4L).bytes();
        ByteBuffer evf = le(6 + ev.length).putShort((short) 1).putInt(7).put(ev);
        block(BlockType.EVF_V2, evf.array());

        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] large = enc.start("PPME_ASYNCEVENT_E", 1001, 42).param(1L).param("blob").param(big).bytes();
        ByteBuffer lb = le(6 + large.length).putShort((short) 0).putInt(0).put(large);
        block(BlockType.EVF_V2_LARGE, lb.array());
        return out.toByteArray();
    }

    @Test
    void newerBlockVersions_areRead() throws IOException {
        byte[] file = capture();
        try (ScapReader r = new ScapReader(new ByteArrayInputStream(file))) {
            ThreadInfo t = r.threads().get(42);
            assertEquals("nginx", t.comm);
            assertEquals("/usr/sbin/nginx", t.exepath);
            assertEquals(2, t.args.length);
            assertEquals("daemon off;", t.args[1]);
            assertEquals("/srv/", t.cwd);
            assertEquals(34816, t.tty);
            assertEquals(1000, t.loginuid);
            assertEquals(0x3f, t.capEffective);
            assertTrue(t.exeWritable);
            assertTrue(t.exeUpperLayer);
            assertEquals(77, t.exeIno);
            assertEquals(42, t.pgid);
            FdInfo srv = t.fds.get(3);
            assertEquals(FdType.IPV4_SERVSOCK, srv.type);
            assertEquals("127.0.0.1:80", srv.name);
            FdInfo log = t.fds.get(4);
            assertEquals("/var/log/nginx/access.log", log.name);
            assertEquals(0x801, log.dev);
            assertEquals("www-data", r.users().user(33).name());
            assertEquals("www-data", r.users().group(33).name());
            assertTrue(r.interfaces().isLocal(0x7f000001));

            SyscallEvent ev = new SyscallEvent();
            assertTrue(r.next(ev));
            assertEquals("close", ev.name());
            assertEquals(7, ev.blockFlags());
            assertEquals(1, ev.cpu());
            assertTrue(r.next(ev));
            assertEquals("asyncevent", ev.name());
            assertEquals(100_000, ev.paramLength(2));
            assertFalse(r.next(ev));
        }
    }

    @Test
    void gzipOfTheSameBytes_readsTheSame() throws IOException {
        byte[] file = capture();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(file);
        }
        try (ScapReader r = new ScapReader(new ByteArrayInputStream(gz.toByteArray()))) {
            SyscallEvent ev = new SyscallEvent();
            int n = 0;
            while (r.next(ev)) {
                n++;
            }
            assertEquals(2, n);
            assertEquals("nginx", r.threads().get(42).comm);
        }
    }
}
