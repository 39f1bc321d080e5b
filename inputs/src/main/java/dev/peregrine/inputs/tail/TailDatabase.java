package dev.peregrine.inputs.tail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * The offsets database, table for table and statement for statement what Fluent Bit's tail_db.c / tail_sql.h use, so
 * a node can switch between Fluent Bit and Peregrine on the same DB file: rows are found by inode (newest id first),
 * the saved offset is where the next unread line starts, and {@code offset_marker} is the XXH3 hash of the
 * {@code offset_marker_size} bytes before it. Used only from the tail reader thread.
 */
final class TailDatabase implements AutoCloseable {
    static final String CREATE = "CREATE TABLE IF NOT EXISTS in_tail_files ("
        + "  id      INTEGER PRIMARY KEY,"
        + "  name    TEXT NOT NULL,"
        + "  offset  INTEGER,"
        + "  inode   INTEGER,"
        + "  created INTEGER,"
        + "  rotated INTEGER DEFAULT 0,"
        + "  offset_marker INTEGER DEFAULT 0,"
        + "  offset_marker_size INTEGER DEFAULT 0"
        + ");";

    /** A stored row. */
    record Row(long id, String name, long offset, long inode, long marker, int markerSize) {
    }

    private final Connection conn;
    private final PreparedStatement get;
    private final PreparedStatement insert;
    private final PreparedStatement rotate;
    private final PreparedStatement update;
    private final PreparedStatement delete;

    /**
     * @param sync        PRAGMA synchronous value (0..3), or -1 to leave it
     * @param locking     exclusive locking mode
     * @param journalMode PRAGMA journal_mode, or null
     */
    TailDatabase(String path, int sync, boolean locking, String journalMode) throws SQLException {
        conn = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = conn.createStatement()) {
            s.execute(CREATE);
            if (sync >= 0) {
                s.execute("PRAGMA synchronous=" + sync + ";");
            }
            if (locking) {
                s.execute("PRAGMA locking_mode=EXCLUSIVE;");
            }
            if (journalMode != null) {
                s.execute("PRAGMA journal_mode=" + journalMode + ";");
            }
            migrate(s, "ALTER TABLE in_tail_files ADD COLUMN offset_marker INTEGER DEFAULT 0;");
            migrate(s, "ALTER TABLE in_tail_files ADD COLUMN offset_marker_size INTEGER DEFAULT 0;");
        }
        get = conn.prepareStatement("SELECT id, name, offset, inode, offset_marker, offset_marker_size "
            + "from in_tail_files WHERE inode=? order by id desc;");
        insert = conn.prepareStatement("INSERT INTO in_tail_files "
            + "  (name, offset, inode, created, offset_marker, offset_marker_size)"
            + "  VALUES (?, ?, ?, ?, ?, ?);", Statement.RETURN_GENERATED_KEYS);
        rotate = conn.prepareStatement("UPDATE in_tail_files set name=?,rotated=1 WHERE id=?;");
        update = conn.prepareStatement("UPDATE in_tail_files set offset=?, offset_marker=?, "
            + "offset_marker_size=? WHERE id=?;");
        delete = conn.prepareStatement("DELETE FROM in_tail_files WHERE id=?;");
    }

    private static void migrate(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("duplicate column name") && !m.contains("already exists")) {
                throw e;
            }
        }
    }

    /** The newest row for an inode, or null. */
    Row find(long inode) throws SQLException {
        get.setLong(1, inode);
        try (ResultSet rs = get.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getInt(6));
        }
    }

    long insert(String name, long offset, long inode, long marker, int markerSize) throws SQLException {
        insert.setString(1, name);
        insert.setLong(2, offset);
        insert.setLong(3, inode);
        insert.setLong(4, System.currentTimeMillis() / 1000);
        insert.setLong(5, marker);
        insert.setLong(6, markerSize);
        insert.executeUpdate();
        try (ResultSet rs = insert.getGeneratedKeys()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** @return false when the row is gone (someone deleted it; the caller inserts it again, as Fluent Bit does) */
    boolean updateOffset(long id, long offset, long marker, int markerSize) throws SQLException {
        update.setLong(1, offset);
        update.setLong(2, marker);
        update.setLong(3, markerSize);
        update.setLong(4, id);
        return update.executeUpdate() > 0;
    }

    void rotate(long id, String newName) throws SQLException {
        rotate.setString(1, newName);
        rotate.setLong(2, id);
        rotate.executeUpdate();
    }

    void delete(long id) throws SQLException {
        delete.setLong(1, id);
        delete.executeUpdate();
    }

    /** Deletes the rows of inodes not monitored (after the first scan). @return rows deleted */
    int deleteStale(Collection<Long> monitoredInodes) throws SQLException {
        try (Statement s = conn.createStatement()) {
            if (monitoredInodes.isEmpty()) {
                return s.executeUpdate("DELETE FROM in_tail_files;");
            }
            s.execute("CREATE TEMP TABLE IF NOT EXISTS in_tail_current_inodes (inode INTEGER PRIMARY KEY);");
            s.execute("DELETE FROM in_tail_current_inodes;");
            try (PreparedStatement p = conn.prepareStatement(
                "INSERT OR IGNORE INTO in_tail_current_inodes(inode) VALUES (?);")) {
                for (long i : monitoredInodes) {
                    p.setLong(1, i);
                    p.executeUpdate();
                }
            }
            return s.executeUpdate("DELETE FROM in_tail_files "
                + "WHERE inode NOT IN (SELECT inode FROM in_tail_current_inodes);");
        }
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to do with the error
        }
    }
}
