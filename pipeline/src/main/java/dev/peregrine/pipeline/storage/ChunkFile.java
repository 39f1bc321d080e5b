package dev.peregrine.pipeline.storage;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * One chunk on disk, append-only so that a crash at any byte leaves a readable prefix:
 * <pre>
 *   header:  C1 'P' 'G' 'C' 01 | flags (bit 0: checksums) | u16 tag length | tag (UTF-8) | u32 CRC32 of the above
 *   writes:  u32 payload length | u32 CRC32 of payload (0 without storage.checksum) | payload
 * </pre>
 * A payload is the records of one append in Fluent Bit's chunk encoding (concatenated {@code [[time, meta], body]}),
 * so the whole file minus framing is what {@code Chunk.toMsgpack()} gives. Each append is a single {@code write} of
 * the frame, acknowledged only after it returns (and after fsync with storage.sync full): a torn last frame is never
 * one that was acknowledged, and recovery keeps the frames before it.
 *
 * <p>Delivery state lives in a sidecar {@code <name>.done}: one line per output that is done with the chunk, appended
 * (a torn last line, lacking its newline, is ignored). The chunk file is deleted first, then the sidecar, so a crash
 * in between leaves only an orphan sidecar that recovery removes.
 */
public final class ChunkFile implements Closeable {
    static final byte[] MAGIC = {(byte) 0xC1, 'P', 'G', 'C', 1};
    static final String SUFFIX = ".flb";
    static final String DONE_SUFFIX = ".done";
    private static final int FRAME_HEADER = 8;
    /** A frame larger than this is taken as corruption, not as an allocation to attempt. */
    static final int MAX_FRAME = 64 << 20;

    private final Path path;
    private final String tag;
    private final boolean checksum;
    private FileChannel channel;
    private FileChannel doneChannel;
    private long size;
    private volatile boolean deleted;
    /** With storage.sync full, close() fsyncs first: a sync request may find the file already sealed. */
    private boolean syncOnClose;

    private ChunkFile(Path path, String tag, boolean checksum, FileChannel channel, long size) {
        this.path = path;
        this.tag = tag;
        this.checksum = checksum;
        this.channel = channel;
        this.size = size;
    }

    /** Creates the file and writes its header. */
    public static ChunkFile create(Path path, String tag, boolean checksum) throws IOException {
        return create(path, tag, checksum, false);
    }

    /** Creates the file and writes its header; {@code syncFull}: fsync on close too. */
    public static ChunkFile create(Path path, String tag, boolean checksum, boolean syncFull) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        if (t.length > 0xFFFF) {
            ch.close();
            Files.deleteIfExists(path);
            throw new ChunkFileException(path, "tag longer than 65535 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 3 + t.length + 4);
        b.put(MAGIC).put((byte) (checksum ? 1 : 0)).putShort((short) t.length).put(t);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).flip();
        writeFully(ch, b);
        ChunkFile f = new ChunkFile(path, tag, checksum, ch, b.limit());
        f.syncOnClose = syncFull;
        return f;
    }

    /** A chunk file found at recovery: not open for appends, only for delivery marks and deletion. */
    static ChunkFile existing(Path path, String tag, boolean checksum, long size) {
        return new ChunkFile(path, tag, checksum, null, size);
    }

    public Path path() {
        return path;
    }

    public String tag() {
        return tag;
    }

    /** Bytes in the file, framing included. */
    public synchronized long size() {
        return size;
    }

    /** Appends one frame of records (Fluent Bit chunk encoding) with a single write. */
    public synchronized void append(byte[] records) throws IOException {
        if (channel == null) {
            throw new IOException("chunk file " + path + ": closed for appends");
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER + records.length);
        b.putInt(records.length);
        if (checksum) {
            CRC32 crc = new CRC32();
            crc.update(records);
            b.putInt((int) crc.getValue());
        } else {
            b.putInt(0);
        }
        b.put(records).flip();
        writeFully(channel, b);
        size += b.limit();
    }

    /**
     * fsync of the data (storage.sync full). Holds the lock so a concurrent seal cannot close the channel under it;
     * a file already closed was fsynced by {@link #close()}.
     */
    public synchronized void force() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.force(false);
        }
    }

    /** Records that {@code output} is done with this chunk (delivered, or given up on as Fluent Bit does). */
    public synchronized void markDone(String output, boolean sync) throws IOException {
        if (deleted) {
            return;
        }
        if (doneChannel == null) {
            doneChannel = FileChannel.open(donePath(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }
        // Output names come from config (plugin.N or Alias); a newline in one would split the record.
        writeFully(doneChannel, ByteBuffer.wrap((output.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
        if (sync) {
            doneChannel.force(false);
        }
    }

    /** Stops appends (the chunk was sealed); the file stays until every route is done. */
    @Override
    public synchronized void close() {
        if (syncOnClose && channel != null && !deleted) {
            try {
                channel.force(false);
            } catch (IOException ignored) {
                // The pending sync request reports the failure to the appender; nothing to add here.
            }
        }
        closeQuietly(channel);
        channel = null;
    }

    /** Deletes the chunk, then its sidecar. */
    public synchronized void delete() throws IOException {
        deleted = true;
        closeQuietly(channel);
        channel = null;
        closeQuietly(doneChannel);
        doneChannel = null;
        Files.deleteIfExists(path);
        Files.deleteIfExists(donePath(path));
    }

    static Path donePath(Path chunk) {
        String n = chunk.getFileName().toString();
        return chunk.resolveSibling(n.substring(0, n.length() - SUFFIX.length()) + DONE_SUFFIX);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing after a failed write: the error that matters was already reported.
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * What recovery read from a file.
     *
     * @param tag      the chunk's tag
     * @param checksum whether frames carry CRC32s
     * @param events   the records of every intact frame
     * @param validBytes length of the intact prefix
     * @param problem  null for a clean file, else why reading stopped early (e.g. "truncated frame at offset 812")
     */
    public record Contents(String tag, boolean checksum, List<Event> events, long validBytes, String problem) {
    }

    /** Reads a chunk file; a bad header throws, a bad tail is reported in {@link Contents#problem()}. */
    public static Contents read(Path path) throws IOException {
        byte[] b = Files.readAllBytes(path);
        int headerMin = MAGIC.length + 3;
        if (b.length < headerMin) {
            throw new ChunkFileException(path, b.length == 0 ? "empty file" : "truncated header (" + b.length
                + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new ChunkFileException(path, "not a chunk file (bad magic)");
            }
        }
        boolean checksum = (b[MAGIC.length] & 1) != 0;
        ByteBuffer bb = ByteBuffer.wrap(b);
        int tagLen = bb.getShort(MAGIC.length + 1) & 0xFFFF;
        int headerLen = headerMin + tagLen + 4;
        if (b.length < headerLen) {
            throw new ChunkFileException(path, "truncated header (" + b.length + " of " + headerLen + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, headerMin + tagLen);
        if ((int) crc.getValue() != bb.getInt(headerMin + tagLen)) {
            throw new ChunkFileException(path, "header checksum mismatch");
        }
        String tag = new String(b, headerMin, tagLen, StandardCharsets.UTF_8);
        List<Event> events = new ArrayList<>();
        int off = headerLen;
        String problem = null;
        while (off < b.length) {
            if (b.length - off < FRAME_HEADER) {
                problem = "truncated frame header at offset " + off;
                break;
            }
            int len = bb.getInt(off);
            if (len < 0 || len > MAX_FRAME) {
                problem = "bad frame length " + len + " at offset " + off;
                break;
            }
            if (b.length - off - FRAME_HEADER < len) {
                problem = "truncated frame at offset " + off + " (" + (b.length - off - FRAME_HEADER) + " of " + len
                    + " bytes)";
                break;
            }
            if (checksum) {
                crc.reset();
                crc.update(b, off + FRAME_HEADER, len);
                if ((int) crc.getValue() != bb.getInt(off + 4)) {
                    problem = "checksum mismatch in frame at offset " + off;
                    break;
                }
            }
            List<Event> frame;
            try {
                frame = decodeEvents(b, off + FRAME_HEADER, len);
            } catch (IOException | RuntimeException e) {
                problem = "undecodable records in frame at offset " + off + ": " + e.getMessage();
                break;
            }
            events.addAll(frame);
            off += FRAME_HEADER + len;
        }
        return new Contents(tag, checksum, events, off, problem);
    }

    /** Outputs already done with the chunk at {@code path}, from its sidecar (empty when none). */
    public static Set<String> readDone(Path path) throws IOException {
        Set<String> done = new LinkedHashSet<>();
        byte[] b;
        try {
            b = Files.readAllBytes(donePath(path));
        } catch (NoSuchFileException e) {
            return done;
        }
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                if (i > start) {
                    done.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        // Bytes after the last newline are a torn write: that mark never completed, the output still owes it.
        return done;
    }

    /** Decodes Fluent Bit chunk records: {@code [[time, meta], body]} or the older {@code [time, body]}. */
    public static List<Event> decodeEvents(byte[] b, int off, int len) throws IOException {
        List<Event> out = new ArrayList<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(b, off, len)) {
            while (u.hasNext()) {
                int n = u.unpackArrayHeader();
                if (n != 2) {
                    throw new IOException("record is an array of " + n + ", expected 2");
                }
                EventTime time;
                MapValue meta = Event.EMPTY_MAP;
                if (u.getNextFormat() == MessageFormat.FIXARRAY || u.getNextFormat() == MessageFormat.ARRAY16
                    || u.getNextFormat() == MessageFormat.ARRAY32) {
                    int h = u.unpackArrayHeader();
                    if (h != 2) {
                        throw new IOException("record header is an array of " + h + ", expected 2");
                    }
                    time = time(u.unpackValue());
                    Value m = u.unpackValue();
                    if (m.getValueType() != ValueType.MAP) {
                        throw new IOException("record metadata is " + m.getValueType() + ", expected a map");
                    }
                    meta = m.asMapValue();
                } else {
                    time = time(u.unpackValue());
                }
                Value body = u.unpackValue();
                if (body.getValueType() != ValueType.MAP) {
                    throw new IOException("record body is " + body.getValueType() + ", expected a map");
                }
                out.add(Event.of(time, meta, body.asMapValue()));
            }
        }
        return out;
    }

    private static EventTime time(Value v) throws IOException {
        switch (v.getValueType()) {
            case EXTENSION -> {
                var x = v.asExtensionValue();
                if (x.getType() != EventTime.EXT_TYPE || x.getData().length != 8) {
                    throw new IOException("bad EventTime extension");
                }
                return EventTime.fromExtPayload(x.getData());
            }
            case INTEGER -> {
                return new EventTime(v.asIntegerValue().toLong(), 0);
            }
            case FLOAT -> {
                return EventTime.ofDouble(v.asFloatValue().toDouble());
            }
            default -> throw new IOException("record time is " + v.getValueType());
        }
    }
}
