package dev.peregrine.inputs.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailInputTest {
    @TempDir
    Path dir;

    private static void append(Path f, String s) throws Exception {
        Files.writeString(f, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void partialLastLineIsHeldUntilItsNewline() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "one\r\ntwo\npar");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "path_key", "file", "offset_key", "off").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
            append(f, "tial\n");
            TailHarness.await(() -> h.count() == 3, 5000);
            assertEquals(List.of("one", "two", "partial"), h.values("log"));
            assertEquals(List.of("0", "5", "9"), h.values("off"));
            assertEquals(f.toString(), h.values("file").get(2));
            assertEquals(1, h.metrics.counter("files_opened").get());
        }
    }

    @Test
    void linesWrittenLater_areRead_withAndWithoutTheInotifyWatcher() throws Exception {
        for (String inotify : new String[] {"on", "off"}) {
            Path f = dir.resolve("w-" + inotify + ".log");
            append(f, "first\n");
            try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
                "inotify_watcher", inotify).start()) {
                TailHarness.await(() -> h.count() == 1, 5000);
                append(f, "second\n");
                TailHarness.await(() -> h.count() == 2, 5000);
                append(f, "third\n");
                TailHarness.await(() -> h.count() == 3, 5000);
                assertEquals(List.of("first", "second", "third"), h.values("log"), inotify);
            }
        }
    }

    @Test
    void withoutReadFromHeadOnlyNewLinesAreRead() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "old\n");
        try (TailHarness h = new TailHarness(null, "path", dir + "/*.log").start()) {
            Thread.sleep(500);
            append(f, "new\n");
            TailHarness.await(() -> h.count() == 1, 5000);
            assertEquals(List.of("new"), h.values("log"));
        }
    }

    @Test
    void restartResumesFromTheDatabase() throws Exception {
        Path f = dir.resolve("a.log");
        Path db = dir.resolve("tail.db");
        append(f, "1\n2\n3\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "db", db.toString(),
            "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 3, 5000);
        }
        append(f, "4\n5\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "db", db.toString(),
            "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
            Thread.sleep(300);
            assertEquals(List.of("4", "5"), h.values("log"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, offset, inode, rotated, offset_marker_size FROM in_tail_files")) {
            assertTrue(rs.next());
            assertEquals(f.toString(), rs.getString(1));
            assertEquals(10, rs.getLong(2));
            assertEquals(Files.getAttribute(f, "unix:ino"), rs.getLong(3));
            assertEquals(0, rs.getInt(4));
            assertEquals(10, rs.getInt(5));
            assertFalse(rs.next());
        }
    }

    /** A DB written as Fluent Bit writes it (same DDL, row and marker) is continued from its offset. */
    @Test
    void takesOverFluentBitsDatabase() throws Exception {
        Path f = dir.resolve("app.log");
        String content = "line one of the application log\nline two of the application log\nline three\n";
        append(f, content);
        long offset = content.indexOf("line three");
        byte[] all = content.getBytes(StandardCharsets.UTF_8);
        long marker = OffsetMarker.hash(all, (int) offset - 32, 32);
        long inode = (Long) Files.getAttribute(f, "unix:ino");
        Path db = dir.resolve("flb.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS in_tail_files ("
                + "  id      INTEGER PRIMARY KEY,  name    TEXT NOT NULL,  offset  INTEGER,  inode   INTEGER,"
                + "  created INTEGER,  rotated INTEGER DEFAULT 0,  offset_marker INTEGER DEFAULT 0,"
                + "  offset_marker_size INTEGER DEFAULT 0);");
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode=WAL;")) {
                r.next();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO in_tail_files "
                + "  (name, offset, inode, created, offset_marker, offset_marker_size)"
                + "  VALUES (@name, @offset, @inode, @created, @offset_marker, @offset_marker_size);")) {
                p.setString(1, f.toString());
                p.setLong(2, offset);
                p.setLong(3, inode);
                p.setLong(4, 1700000000L);
                p.setLong(5, marker);
                p.setLong(6, 32);
                p.executeUpdate();
            }
            // a stale row of a file that no longer exists is deleted at start
            s.execute("INSERT INTO in_tail_files (name, offset, inode, created) VALUES ('/gone.log', 5, 1, 1)");
        }
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "db", db.toString()).start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            Thread.sleep(300);
            assertEquals(List.of("line three"), h.values("log"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), max(offset) FROM in_tail_files")) {
            assertEquals(1, rs.getInt(1));
            assertEquals(all.length, rs.getLong(2));
        }
    }

    /**
     * The bytes before the saved offset changed (truncated and rewritten while stopped): the offset is dropped and the
     * file read from the head (with Read_from_Head; without it Fluent Bit goes to the end, as for a new file).
     */
    @Test
    void offsetMarkerMismatchRereadsFromTheHead() throws Exception {
        Path f = dir.resolve("a.log");
        Path db = dir.resolve("tail.db");
        append(f, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "db", db.toString(),
            "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
        }
        // copytruncate while stopped, then the writer wrote more than before: same inode, bigger size
        Files.writeString(f, "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\nd\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "db", db.toString(),
            "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
            assertEquals("d", h.values("log").get(1));
        }
    }

    @Test
    void copytruncateIsDetectedAndTheFileReadAgainFromTheHead() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "first line before truncation\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            // more than was there before, so only the marker check can tell
            append(f, "after truncation: a longer line than the first one\n");
            TailHarness.await(() -> h.count() == 2, 5000);
            assertEquals("after truncation: a longer line than the first one", h.values("log").get(1));
        }
    }

    @Test
    void renameRotationKeepsReadingTheOldFileAndPicksUpTheNewOne() throws Exception {
        Path f = dir.resolve("a.log");
        Path db = dir.resolve("tail.db");
        append(f, "1\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "refresh_interval", "0.2", "rotate_wait", "1", "db", db.toString()).start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            Files.move(f, dir.resolve("a.log.1"));
            append(dir.resolve("a.log.1"), "2\n");
            append(f, "3\n");
            TailHarness.await(() -> h.count() == 3, 5000);
            TailHarness.await(() -> h.metrics.counter("files_rotated").get() == 1, 5000);
            TailHarness.await(() -> h.metrics.counter("files_closed").get() == 1, 5000);
            assertEquals(List.of("1", "2", "3"), h.values("log").stream().sorted().toList());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, rotated FROM in_tail_files ORDER BY id")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).endsWith("a.log.1"));
            assertEquals(1, rs.getInt(2));
        }
    }

    @Test
    void pauseStopsReadingAndResumeContinues() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "1\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            h.input.pause();
            append(f, "2\n3\n");
            Thread.sleep(700);
            assertEquals(1, h.count());
            h.input.resume();
            TailHarness.await(() -> h.count() == 3, 5000);
            h.enginePaused = true;
            append(f, "4\n");
            Thread.sleep(700);
            assertEquals(3, h.count());
            h.enginePaused = false;
            TailHarness.await(() -> h.count() == 4, 5000);
        }
    }

    @Test
    void longLinesSkippedOrFileDropped() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "short\n" + "x".repeat(100) + "\nafter\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "buffer_chunk_size", "16", "buffer_max_size", "32", "skip_long_lines", "on").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
            assertEquals(List.of("short", "after"), h.values("log"));
            assertEquals(1, h.metrics.counter("long_line_skipped").get());
        }
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "buffer_chunk_size", "16", "buffer_max_size", "32").start()) {
            TailHarness.await(() -> h.metrics.counter("files_closed").get() == 1, 5000);
            assertEquals(List.of("short"), h.values("log"));
        }
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "buffer_chunk_size", "16", "buffer_max_size", "32", "truncate_long_lines", "on").start()) {
            TailHarness.await(() -> h.count() == 3, 5000);
            assertEquals("x".repeat(31), h.values("log").get(1));
            assertEquals(1, h.metrics.counter("long_line_truncated").get());
        }
    }

    @Test
    void exitOnEofAfterTheLastFile() throws Exception {
        append(dir.resolve("a.log"), "a\n");
        append(dir.resolve("b.log"), "b\nno newline");
        try (TailHarness h = new TailHarness(null, "path", dir + "/*.log", "read_from_head", "on",
            "exit_on_eof", "on").start()) {
            TailHarness.await(() -> h.shutdownRequested, 5000);
            assertEquals(List.of("a", "b"), h.values("log"));
        }
    }

    @Test
    void deletedFileIsDrainedAndClosed() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "1\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            Files.delete(f);
            TailHarness.await(() -> h.metrics.counter("files_closed").get() == 1, 5000);
        }
    }

    @Test
    void tagExpansionAndExclude() throws Exception {
        append(dir.resolve("x.log"), "1\n");
        append(dir.resolve("y.log"), "2\n");
        try (TailHarness h = new TailHarness(null, "path", dir + "/*.log", "exclude_path", "*y.log",
            "tag", "kube.*", "read_from_head", "on").start()) {
            TailHarness.await(() -> h.count() == 1, 5000);
            Thread.sleep(300);
            assertEquals(1, h.count());
            String expected = "kube" + (dir + "/x.log").replace('/', '.');
            assertEquals(expected, h.tags.get(0));
        }
    }

    @Test
    void oldDockerModeJoinsSplitLines() throws Exception {
        Path f = dir.resolve("d.log");
        append(f, "{\"log\":\"part one \",\"stream\":\"stdout\"}\n{\"log\":\"two\\n\",\"stream\":\"stdout\"}\n"
            + "not json\n");
        try (TailHarness h = new TailHarness(null, "path", f.toString(), "read_from_head", "on",
            "docker_mode", "on").start()) {
            TailHarness.await(() -> h.count() == 2, 5000);
            assertEquals(List.of("{\"log\":\"part one two\\n\",\"stream\":\"stdout\"}", "not json"), h.values("log"));
        }
    }
}
