package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteScan;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.MsgpackBytes;
import dev.peregrine.pipeline.parser.Parser;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One followed file (struct flb_tail_file): the open channel, the read offset, the buffer of bytes read but not yet
 * cut into lines, and the per-file parsing state. Lines are cut as tail_file.c's process_content does: leading NULs
 * (left by copytruncate) skipped, CR of CRLF removed (only on lines of 2+ bytes), a partial last line kept until its
 * newline arrives, lines longer than Buffer_Max_Size stop the file or are skipped/truncated. Owned by the reader
 * thread.
 */
final class TailFile {
    enum Status { OK, WAIT, BUSY, ERROR }

    final TailInput in;
    final TailOptions opt;
    /** The name the file is known by now: the glob's spelling, then the new name after a rotation. */
    String name;
    /** The name at discovery: Path_Key keeps it after rotation. */
    final String origName;
    private final byte[] origNameBytes;
    final long inode;
    final long dev;
    final String tag;
    final FileChannel ch;
    /** The absolute path of the open file when discovered; a different /proc/self/fd link later means renamed. */
    String realPath;
    int procFd = -1;
    boolean isLink;
    long linkInode;

    /** Bytes read from the file so far (the next read position). */
    long offset;
    /** File offset of buf[0]. */
    long streamOffset;
    long size;
    byte[] buf;
    private ByteBuffer view;
    int bufLen;
    private boolean skipNext;
    private boolean skipWarn;
    private int lastProcessedBytes;
    private int lines;

    long dbId;
    long marker;
    int markerSize;
    long savedOffset = -1;

    /** When the file was seen rotated (ms), 0 while it is not. */
    long rotatedAt;
    /** Still a "static" file (found before its first EOF): Exit_On_Eof counts these. */
    boolean isStatic = true;
    boolean removed;
    /** The last read found no new data. */
    boolean atEof;

    final MultilineStream ml;
    final DockerMode dmode;
    /** Multiline On (the old mode), or null. */
    final LegacyMultiline legacy;
    /** Bytes of the buffer processed before the line being handed to {@link #legacy}. */
    private int legacyProcessed;
    private List<Event> out = new ArrayList<>();
    private final RecordWriter rec = new RecordWriter(64 * 1024);
    /** Where a parser that writes msgpack puts each line's record before it joins {@link #rec}. */
    private final ByteSink parsedBody = new ByteSink(1024);
    private final byte[] pathKey;
    private final byte[] offsetKey;
    private final byte[] key;

    TailFile(TailInput in, String name, long inode, long dev, String tag) throws IOException {
        this.in = in;
        this.opt = in.opt;
        this.name = name;
        this.origName = name;
        this.origNameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.inode = inode;
        this.dev = dev;
        this.tag = tag;
        this.ch = FileChannel.open(Path.of(name), StandardOpenOption.READ);
        this.buf = new byte[opt.bufChunkSize];
        this.view = ByteBuffer.wrap(buf);
        this.pathKey = opt.pathKey == null ? null : opt.pathKey.getBytes(StandardCharsets.UTF_8);
        this.offsetKey = opt.offsetKey == null ? null : opt.offsetKey.getBytes(StandardCharsets.UTF_8);
        this.key = opt.key.getBytes(StandardCharsets.UTF_8);
        this.ml = opt.multilineParsers.isEmpty() ? null : new MultilineStream(opt.multilineParsers,
            new MultilineStream.Sink() {
                @Override
                public void record(EventTime time, MapValue metadata, MapValue body, boolean forced) {
                    mlRecord(time, metadata, body);
                }

                @Override
                public void rawRecord(EventTime time, MapValue metadata, byte[] body, int off, int len,
                                      boolean forced) {
                    emitRaw(time, metadata, body, off, len, streamOffset + lastProcessedBytes);
                }
            });
        this.dmode = opt.dockerMode && ml == null ? DockerMode.create() : null;
        this.legacy = opt.multiline && ml == null ? new LegacyMultiline(opt.parserFirstline, opt.parserN,
            opt.multilineFlushSeconds, opt.ignoreOlderSeconds, new LegacyMultiline.Sink() {
                @Override
                public void record(EventTime time, List<Value> keyValues) {
                    legacyRecord(time, keyValues);
                }

                @Override
                public void line(byte[] b, int off, int len) {
                    plain(b, off, len, legacyProcessed);
                }
            }) : null;
    }

    /** Where a restart must resume: the start of the partial line still in the buffer. */
    long dbOffset() {
        if (bufLen > 0 && offset >= bufLen) {
            return offset - bufLen;
        }
        return offset;
    }

    /** Events cut so far and not yet handed to the engine; the caller appends and clears them. */
    List<Event> takeEvents() {
        List<Event> l = out;
        // sized as the last batch: one buffer read cuts about as many lines as the one before
        out = new ArrayList<>(Math.max(16, l.size()));
        return l;
    }

    boolean hasEvents() {
        return !out.isEmpty();
    }

    int pendingEvents() {
        return out.size();
    }

    /** Reads one buffer's worth and cuts it into records (flb_tail_file_chunk). */
    Status readChunk() throws IOException {
        int capacity = buf.length - bufLen - 1;
        if (capacity < 1) {
            if (opt.truncateLongLines) {
                int processed = processContent();
                if (lines > 0) {
                    consume(processed);
                    return adjustCounters();
                }
            }
            if (buf.length >= opt.bufMaxSize) {
                if (!opt.skipLongLines) {
                    in.log.error("file=" + name + " requires a larger buffer size, lines are too long. Skipping file.");
                    return Status.ERROR;
                }
                if (!skipNext) {
                    in.longLineSkipped.incrementAndGet();
                }
                if (!skipWarn) {
                    in.log.warn("file=" + name + " have long lines. Skipping long lines.");
                    skipWarn = true;
                }
                bufLen = 0;
                skipNext = true;
            } else {
                int size = Math.min(buf.length + opt.bufChunkSize, opt.bufMaxSize);
                buf = java.util.Arrays.copyOf(buf, size);
                view = ByteBuffer.wrap(buf);
            }
            capacity = buf.length - bufLen - 1;
        }
        view.limit(bufLen + capacity).position(bufLen);
        int n = ch.read(view, offset);
        if (n > 0) {
            offset += n;
            bufLen += n;
            int processed = processContent();
            consume(processed);
            return adjustCounters();
        }
        Status s = adjustCounters();
        return s == Status.OK ? Status.WAIT : s;
    }

    private void consume(int processed) {
        streamOffset += processed;
        lastProcessedBytes = 0;
        if (processed > 0) {
            System.arraycopy(buf, processed, buf, 0, bufLen - processed);
            bufLen -= processed;
        }
    }

    /** adjust_counters: a file that shrank was truncated, read it again from the head. */
    private Status adjustCounters() throws IOException {
        long now = ch.size();
        long delta = now - size;
        if (delta != 0) {
            size = now;
        }
        if (delta < 0) {
            resetOnTruncate(delta);
        }
        return Status.OK;
    }

    void resetOnTruncate(long delta) {
        if (in.log.isDebug()) {
            in.log.debug("inode=" + inode + " file truncated " + name + " (diff: " + delta + " bytes)");
        }
        offset = 0;
        streamOffset = 0;
        lastProcessedBytes = 0;
        bufLen = 0;
        skipNext = false;
        in.saveOffset(this);
    }

    /** Checked when idle: shrunk, or the bytes before the saved offset changed (copytruncate then new writes). */
    boolean truncatedSinceRead() throws IOException {
        long now = ch.size();
        if (now < size || now < offset) {
            size = now;
            return true;
        }
        if (markerSize > 0 && savedOffset == dbOffset()) {
            long[] m = computeMarker(savedOffset);
            if (m == null || m[0] != marker || m[1] != markerSize) {
                size = now;
                return true;
            }
        }
        return false;
    }

    /** The XXH3 of the up to 32 bytes before {@code at}: {hash, size}, {0, 0} at 0, null when unreadable. */
    long[] computeMarker(long at) throws IOException {
        if (at <= 0) {
            return new long[] {0, 0};
        }
        int window = (int) Math.min(at, OffsetMarker.WINDOW);
        ByteBuffer b = ByteBuffer.allocate(window);
        long pos = at - window;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n <= 0) {
                return null;
            }
        }
        return new long[] {OffsetMarker.hash(b.array(), 0, window), window};
    }

    /** process_content: cuts complete lines out of buf; returns the bytes consumed. */
    private int processContent() {
        int data = 0;
        int end = bufLen;
        int processed = 0;
        lines = 0;
        lastProcessedBytes = 0;
        byte[] b = buf;
        while (data < end && b[data] == 0) {
            data++;
            processed++;
        }
        if (opt.truncateLongLines && buf.length >= opt.bufMaxSize) {
            int effMax = opt.bufMaxSize > 0 ? opt.bufMaxSize - 1 : 0;
            int decLen = end - data;
            int window = Math.min(opt.bufMaxSize + 1, decLen);
            if (indexOf(b, data, data + window) < 0 && effMax > 0 && decLen >= effMax) {
                if (skipNext) {
                    return bufLen;
                }
                int cut = Math.min(decLen, effMax);
                while (cut > 0 && cut < decLen && (b[data + cut] & 0xC0) == 0x80) {
                    cut--;
                }
                if (cut > 0) {
                    if (ml != null) {
                        ml.flushPending(false);
                    }
                    if (legacy != null) {
                        legacy.flush();
                    }
                    plain(b, data, cut, processed);
                    skipNext = true;
                    in.longLineTruncated.incrementAndGet();
                    lines++;
                    return bufLen;
                }
            }
        }
        int p;
        // One exit test (no newline in [data, end), also when data == end): every buffer leaves the loop there, so
        // the compiled loop has seen its exit; a second test that only a buffer ending on a line end takes cost a
        // recompilation of this method and everything inlined into it when it first happened.
        while ((p = indexOf(b, data, end)) >= 0) {
            int len = p - data;
            if (skipNext) {
                data += len + 1;
                processed += len + 1;
                skipNext = false;
                continue;
            }
            if (opt.skipEmptyLines) {
                if (len == 0) {
                    data++;
                    processed++;
                    continue;
                } else if (len == 1 && b[data] == '\r') {
                    data += 2;
                    processed += 2;
                    continue;
                }
            }
            int crlf = len >= 2 && b[data + len - 1] == '\r' ? 1 : 0;
            int lineLen = len - crlf;
            if (ml != null) {
                if (ml.append(b, data, lineLen) == MultilineStream.TRUNCATED) {
                    in.log.warn("multiline message truncated due to buffer limit");
                    in.multilineTruncated.incrementAndGet();
                }
            } else if (dmode != null && dockerModeLine(b, data, lineLen)) {
                // joined (or held) by Docker_Mode
            } else if (legacy != null) {
                legacyProcessed = processed;
                legacy.append(b, data, lineLen);
            } else if (opt.parser != null) {
                parsed(b, data, lineLen, len, processed);
            } else {
                plain(b, data, lineLen, processed);
            }
            data += len + 1;
            processed += len + 1;
            lines++;
            lastProcessedBytes = processed;
        }
        return processed;
    }

    /** flb_tail_dmode_process_content; false when the line is not Docker JSON (it then goes the normal way). */
    private boolean dockerModeLine(byte[] b, int off, int len) {
        int[] v = DockerMode.logValue(b, off, len);
        if (v == null) {
            dockerModeFlush();
            return false;
        }
        dmode.buf.append(b, v[0], v[1] - v[0]);
        dmode.lastLine = java.util.Arrays.copyOfRange(b, off, off + len);
        dmode.flushDeadline = System.currentTimeMillis() + opt.dockerModeFlushMillis;
        if (DockerMode.endsWithNewline(b, v[0], v[1])) {
            dockerModeFlush();
        }
        return true;
    }

    /** flb_tail_dmode_flush: the last line with its log replaced by everything joined, parsed or packed raw. */
    void dockerModeFlush() {
        if (dmode == null || dmode.lastLine == null) {
            return;
        }
        byte[] last = dmode.lastLine;
        int[] v = DockerMode.logValue(last, 0, last.length);
        dmode.lastLine = null;
        if (v == null) {
            dmode.buf.reset();
            return;
        }
        ByteBuilder line = new ByteBuilder(last.length + dmode.buf.length());
        line.append(last, 0, v[0]);
        line.append(dmode.buf.array(), 0, dmode.buf.length());
        line.append(last, v[1], last.length - v[1]);
        dmode.buf.reset();
        byte[] l = line.toByteArray();
        if (opt.parser != null) {
            Parser.Result r = opt.parser.parse(l, 0, l.length);
            if (r != null) {
                emitParsed(r, streamOffset);
                return;
            }
        }
        plain(l, 0, l.length, 0);
    }

    /** Flushes a Docker_Mode record held longer than Docker_Mode_Flush. */
    void dockerModeTimeout(long now) {
        if (dmode != null && dmode.lastLine != null && now >= dmode.flushDeadline) {
            dockerModeFlush();
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        return ByteScan.indexOfNewline(b, from, to);
    }

    /** {path_key?, offset_key?, key: line}, written as msgpack straight from the buffer. */
    private void plain(byte[] b, int off, int len, int processedBefore) {
        int need = 1 + extraKeysSize() + RecordWriter.strHeaderSize(key.length) + key.length
            + RecordWriter.strHeaderSize(len) + len;
        if (rec.remaining() < need) {
            rec.renew(Math.max(64 * 1024, need));
        }
        int start = rec.position();
        rec.mapHeader(1 + extraKeys());
        writeExtraKeys(streamOffset + processedBefore);
        rec.str(key, 0, key.length);
        rec.str(b, off, len);
        out.add(Event.raw(EventTime.now(), Event.EMPTY_MAP, rec.array(), start, rec.position() - start));
    }

    /** How many of Path_Key and Offset_Key are set. */
    private int extraKeys() {
        return (pathKey != null ? 1 : 0) + (offsetKey != null ? 1 : 0);
    }

    private int extraKeysSize() {
        int need = 0;
        if (pathKey != null) {
            need += RecordWriter.strHeaderSize(pathKey.length) + pathKey.length
                + RecordWriter.strHeaderSize(origNameBytes.length) + origNameBytes.length;
        }
        if (offsetKey != null) {
            need += RecordWriter.strHeaderSize(offsetKey.length) + offsetKey.length + 9;
        }
        return need;
    }

    private void writeExtraKeys(long lineOffset) {
        if (pathKey != null) {
            rec.str(pathKey, 0, pathKey.length);
            rec.str(origNameBytes, 0, origNameBytes.length);
        }
        if (offsetKey != null) {
            rec.str(offsetKey, 0, offsetKey.length);
            rec.uint(lineOffset);
        }
    }

    private void parsed(byte[] b, int off, int lineLen, int rawLen, int processedBefore) {
        Parser parser = opt.parser;
        if (parser.writesMsgpack()) {
            parsedBody.reset();
            EventTime t = parser.parseTo(b, off, lineLen, parsedBody);
            if (t == null) {
                plain(b, off, rawLen, processedBefore);
            } else {
                emitRaw(t == Parser.NO_TIME ? EventTime.now() : t, Event.EMPTY_MAP, parsedBody.array(), 0,
                    parsedBody.size(), streamOffset + processedBefore);
            }
            return;
        }
        Parser.Result r = parser.parse(b, off, lineLen);
        if (r == null) {
            // an unparsed line keeps its CR, as Fluent Bit packs the raw length
            plain(b, off, rawLen, processedBefore);
            return;
        }
        emitParsed(r, streamOffset + processedBefore);
    }

    /** An event whose body is the msgpack map {@code body[off, off+len)} followed by Path_Key and Offset_Key. */
    private void emitRaw(EventTime t, MapValue metadata, byte[] body, int off, int len, long lineOffset) {
        if (t.seconds() < 0) {
            in.log.error("error packing event");
            return;
        }
        int extra = extraKeys();
        int h = MsgpackBytes.mapHeaderLength(body, off);
        int need = 5 + len + extraKeysSize();
        if (rec.remaining() < need) {
            rec.renew(Math.max(64 * 1024, need));
        }
        int start = rec.position();
        if (extra == 0) {
            rec.raw(body, off, len);
        } else {
            rec.mapHeader(MsgpackBytes.mapCount(body, off) + extra);
            rec.raw(body, off + h, len - h);
            writeExtraKeys(lineOffset);
        }
        out.add(Event.raw(t, metadata, rec.array(), start, rec.position() - start));
    }

    private void emitParsed(Parser.Result r, long lineOffset) {
        EventTime t = r.time() != null ? r.time() : EventTime.now();
        if (t.seconds() < 0) {
            // Fluent Bit cannot encode a time before 1970: the record is lost with this error
            in.log.error("error packing event");
            return;
        }
        out.add(Event.of(t, withKeys(r.body(), lineOffset)));
    }

    private MapValue withKeys(MapValue body, long lineOffset) {
        if (pathKey == null && offsetKey == null) {
            return body;
        }
        Value[] kv = body.getKeyValueArray();
        int extra = (pathKey != null ? 2 : 0) + (offsetKey != null ? 2 : 0);
        Value[] o = java.util.Arrays.copyOf(kv, kv.length + extra);
        int i = kv.length;
        if (pathKey != null) {
            o[i++] = ValueFactory.newString(pathKey);
            o[i++] = ValueFactory.newString(origNameBytes);
        }
        if (offsetKey != null) {
            o[i++] = ValueFactory.newString(offsetKey);
            o[i] = ValueFactory.newInteger(lineOffset);
        }
        return ValueFactory.newMap(o);
    }

    /** flb_tail_mult_flush: Path_Key (the current name) first, then the joined fields; no Offset_Key. */
    private void legacyRecord(EventTime time, List<Value> keyValues) {
        if (time.seconds() < 0) {
            in.log.error("error packing event");
            return;
        }
        List<Value> kv = keyValues;
        if (pathKey != null) {
            kv = new ArrayList<>(keyValues.size() + 2);
            kv.add(ValueFactory.newString(pathKey));
            kv.add(ValueFactory.newString(name.getBytes(StandardCharsets.UTF_8)));
            kv.addAll(keyValues);
        }
        out.add(Event.of(time, ValueFactory.newMap(kv.toArray(new Value[0]))));
    }

    /** ml_flush_callback: a complete multiline record gets Path_Key and Offset_Key (the last line's start). */
    private void mlRecord(EventTime time, MapValue metadata, MapValue body) {
        if (time.seconds() < 0) {
            in.log.error("error packing event");
            return;
        }
        out.add(Event.of(time, metadata, withKeys(body, streamOffset + lastProcessedBytes)));
    }

    void close() {
        ProcFd.release(this);
        try {
            ch.close();
        } catch (IOException ignored) {
            // the file is being dropped; nothing to do about a failed close
        }
    }
}
