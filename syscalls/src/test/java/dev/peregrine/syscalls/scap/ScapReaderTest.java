package dev.peregrine.syscalls.scap;

import dev.peregrine.syscalls.SharedCaptures;
import dev.peregrine.syscalls.SyscallEvent;
import dev.peregrine.syscalls.state.FdInfo;
import dev.peregrine.syscalls.state.ThreadInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScapReaderTest {
    /** Events, threads (process list) and users per capture; block versions noted (PL v6..v9, EV v1/v2). */
    private static final Map<String, int[]> EXPECTED = Map.of(
            "cat_write.scap", new int[] {345, 73, 32},
            "connect_localhost.scap", new int[] {374},
            "empty.scap", new int[] {143},
            "open-multiple-files.scap", new int[] {1272},
            "ping_sendto.scap", new int[] {1526},
            "syscall.scap", new int[] {368});

    @Test
    void everyCapture_readsAllEventBlocks() throws IOException {
        for (String name : SharedCaptures.NAMES) {
            try (ScapReader r = ScapReader.open(SharedCaptures.capture(name))) {
                SyscallEvent e = new SyscallEvent();
                long last = 0;
                long lastTs = 0;
                while (r.next(e)) {
                    assertEquals(last + 1, e.num(), name);
                    assertNotNull(e.info(), name);
                    assertTrue(e.ts() >= lastTs - 1_000_000_000L, name + " timestamps roughly ordered");
                    last = e.num();
                    lastTs = e.ts();
                }
                int[] want = EXPECTED.get(name);
                assertEquals(want[0], last, name + " events");
                assertTrue(r.threads().size() > 0, name + " process list");
                if (want.length > 1) {
                    assertEquals(want[1], r.threads().size(), name + " threads");
                    assertEquals(want[2], r.users().userCount(), name + " users");
                }
                assertFalse(r.next(e), "stays at end");
            }
        }
    }

    @Test
    void catWrite_metadata_processesFdsAndUsers() throws IOException {
        try (ScapReader r = ScapReader.open(SharedCaptures.capture("cat_write.scap"))) {
            ThreadInfo bash = r.threads().get(11310);
            assertEquals("bash", bash.comm);
            assertEquals(11310, bash.pid);
            assertTrue(bash.cwd.endsWith("/"), bash.cwd);
            assertTrue(bash.cgroups.length > 0);
            FdInfo stdin = r.threads().fds(bash).get(0);
            assertNotNull(stdin, "bash has fd 0");
            assertEquals("root", r.users().user(0).name());
            assertEquals("ubuntu", r.hostname());
        }
    }

    @Test
    void plainAndGzip_giveTheSameEvents(@TempDir Path tmp) throws IOException {
        Path gz = SharedCaptures.capture("syscall.scap");
        Path plain = tmp.resolve("syscall-plain.scap");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, plain);
        }
        assertArrayEquals(fingerprint(gz).toArray(), fingerprint(plain).toArray());
    }

    private static List<String> fingerprint(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (ScapReader r = ScapReader.open(p)) {
            SyscallEvent e = new SyscallEvent();
            while (r.next(e)) {
                out.add(e.num() + ":" + e.ts() + ":" + e.tid() + ":" + e.type() + ":" + e.paramCount());
            }
        }
        return out;
    }

    @Test
    void truncatedCapture_failsWithOffset(@TempDir Path tmp) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedCaptures.capture("syscall.scap")))) {
            all = in.readAllBytes();
        }
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 10);
        ScapFormatException ex = assertThrows(ScapFormatException.class, () -> {
            try (ScapReader r = new ScapReader(new ByteArrayInputStream(cut))) {
                SyscallEvent e = new SyscallEvent();
                while (r.next(e)) {
                    // drain
                }
            }
        });
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
    }

    @Test
    void notACapture_isRejected() {
        ScapFormatException ex = assertThrows(ScapFormatException.class,
                () -> new ScapReader(new ByteArrayInputStream("hello world, not scap".getBytes())));
        assertTrue(ex.getMessage().contains("expected: section header block"), ex.getMessage());
    }
}
