package dev.peregrine.pipeline.storage;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.ValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunk file format: round trip, a crash at every byte, checksums, delivery marks, recovery of a directory. */
class ChunkFileStorageTest {
    @TempDir
    Path dir;

    static List<Event> events(int from, int n) {
        List<Event> l = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            l.add(Event.of(new EventTime(1_700_000_000L + i, i * 1000),
                ValueFactory.newMap(ValueFactory.newString("seq"), ValueFactory.newInteger(i),
                    ValueFactory.newString("msg"), ValueFactory.newString("record " + i))));
        }
        return l;
    }

    static byte[] packed(List<Event> events) {
        Chunk c = new Chunk("t", new ArrayList<>(events));
        c.seal();
        return c.toMsgpack();
    }

    @Test
    void roundTrip_recordsTagAndTimesAsWritten() throws Exception {
        Path p = dir.resolve("a.flb");
        try (ChunkFile f = ChunkFile.create(p, "app.log", true)) {
            f.append(packed(events(0, 3)));
            f.append(packed(events(3, 2)));
        }
        ChunkFile.Contents c = ChunkFile.read(p);
        assertEquals("app.log", c.tag());
        assertNull(c.problem());
        assertEquals(5, c.events().size());
        assertEquals(new EventTime(1_700_000_004L, 4000), c.events().get(4).time());
        assertEquals(4, c.events().get(4).body().map().get(ValueFactory.newString("seq")).asIntegerValue().toInt());
        // The records minus framing are Fluent Bit's chunk encoding.
        assertTrue(Arrays.equals(packed(events(0, 5)), packed(c.events())));
    }

    @Test
    void crashAtEveryByte_validPrefixOrReportedHeader_neverAnotherError() throws Exception {
        for (boolean checksum : new boolean[] {false, true}) {
            Path p = dir.resolve("full-" + checksum + ".flb");
            List<Long> frameEnds = new ArrayList<>();
            try (ChunkFile f = ChunkFile.create(p, "tag", checksum)) {
                frameEnds.add(f.size());
                for (int i = 0; i < 4; i++) {
                    f.append(packed(events(i * 3, 3)));
                    frameEnds.add(f.size());
                }
            }
            byte[] all = Files.readAllBytes(p);
            for (int cut = 0; cut <= all.length; cut++) {
                Path t = dir.resolve("cut.flb");
                Files.write(t, Arrays.copyOf(all, cut));
                if (cut < frameEnds.get(0)) {
                    assertThrows(ChunkFileException.class, () -> ChunkFile.read(t), "cut at " + cut);
                    continue;
                }
                ChunkFile.Contents c = ChunkFile.read(t);
                int complete = 0;
                while (complete + 1 < frameEnds.size() && frameEnds.get(complete + 1) <= cut) {
                    complete++;
                }
                assertEquals(complete * 3, c.events().size(), "cut at " + cut);
                assertEquals(frameEnds.contains((long) cut), c.problem() == null, "cut at " + cut);
            }
        }
    }

    @Test
    void checksum_flippedPayloadByte_detectedAndPrefixKept() throws Exception {
        Path p = dir.resolve("c.flb");
        long secondFrame;
        try (ChunkFile f = ChunkFile.create(p, "tag", true)) {
            f.append(packed(events(0, 2)));
            secondFrame = f.size();
            f.append(packed(events(2, 2)));
        }
        byte[] b = Files.readAllBytes(p);
        b[b.length - 3] ^= 0x01;
        Files.write(p, b);
        ChunkFile.Contents c = ChunkFile.read(p);
        assertEquals(2, c.events().size());
        assertEquals("checksum mismatch in frame at offset " + secondFrame, c.problem());
    }

    @Test
    void badHeader_namesFileAndReason() throws Exception {
        Path p = dir.resolve("x.flb");
        Files.writeString(p, "not a chunk at all");
        ChunkFileException e = assertThrows(ChunkFileException.class, () -> ChunkFile.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void doneMarks_tornLastLineIgnored_deleteRemovesBoth() throws Exception {
        Path p = dir.resolve("d.flb");
        ChunkFile f = ChunkFile.create(p, "tag", false);
        f.append(packed(events(0, 1)));
        f.close();
        f.markDone("forward.0", false);
        Files.writeString(ChunkFile.donePath(p), "es.1", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Set.of("forward.0"), ChunkFile.readDone(p));
        f.delete();
        assertFalse(Files.exists(p));
        assertFalse(Files.exists(ChunkFile.donePath(p)));
    }

    @Test
    void recovery_damagedTailKeptAside_irrecoverableMoved_orphanSidecarRemoved() throws Exception {
        StorageOptions o = StorageOptions.defaults(dir).withKeepRejected(true);
        Path in = dir.resolve("forward.0");
        Files.createDirectories(in);
        Path good = in.resolve("0001.flb");
        try (ChunkFile f = ChunkFile.create(good, "t", false)) {
            f.append(packed(events(0, 2)));
            f.append(packed(events(2, 2)));
        }
        byte[] b = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(b, b.length - 5));
        Path bad = in.resolve("0002.flb");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path orphan = in.resolve("0003.done");
        Files.writeString(orphan, "stdout.0\n");
        StorageMetrics m = new StorageMetrics();

        List<Path> files = StorageRecovery.list(in);
        assertEquals(List.of(good, bad), files);
        assertFalse(Files.exists(orphan));
        StorageRecovery.Recovered r = StorageRecovery.load(good, o, m);
        assertNotNull(r);
        assertEquals(2, r.chunk().size());
        assertTrue(Files.exists(o.rejectedPath().resolve("forward.0").resolve("0001.flb")), "copy kept aside");
        assertNull(StorageRecovery.load(bad, o, m));
        assertFalse(Files.exists(bad));
        assertTrue(Files.exists(o.rejectedPath().resolve("forward.0").resolve("0002.flb")));
        assertEquals(1, m.get(StorageMetrics.DAMAGED_CHUNKS));
        assertEquals(1, m.get(StorageMetrics.IRRECOVERABLE_CHUNKS));
        assertEquals(2, m.get(StorageMetrics.RECOVERED_RECORDS));
    }
}
