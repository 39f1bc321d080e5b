package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputSink;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tail input: one reader thread per instance scans the Path globs, reads every file to EOF in buffer-sized
 * chunks, hands the records to the engine, and polls for new data, rotations, deletions and truncations (see the
 * package documentation for why it polls). It never blocks an event loop: the engine's threads only call
 * {@link #pause}, {@link #resume} and {@link #stop}, which flip flags the reader checks between chunks.
 */
final class TailInput implements Input {
    /** How long the reader sleeps when no file had new data. */
    static final long POLL_MILLIS = 250;
    /** Events handed to the engine per append at most, to bound what one batch holds. */
    static final int APPEND_BATCH = 4096;

    final PluginContext ctx;
    final TailOptions opt;
    final Log log;
    final AtomicLong filesOpened;
    final AtomicLong filesClosed;
    final AtomicLong filesRotated;
    final AtomicLong multilineTruncated;
    final AtomicLong longLineTruncated;
    final AtomicLong longLineSkipped;

    private final Map<String, TailFile> files = new LinkedHashMap<>();
    private final Object lock = new Object();
    private InputSink sink;
    private TailDatabase db;
    private Thread reader;
    private volatile boolean stopped;
    private volatile boolean paused;
    private boolean readFromHead;
    private int staticCount;
    private boolean exitRequested;
    private boolean initialScanDone;
    /** storage: appends of a file not yet known to be in storage (storage.sync full) or that failed. */
    private final Map<TailFile, List<CompletableFuture<Void>>> notYetStored = new IdentityHashMap<>();
    /** storage: files whose DB offset no longer moves this run because an append could not be stored. */
    private final Set<TailFile> offsetHeld = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Inotify_Watcher: directory events wake the idle reader at once; null when off (then it only polls). */
    private volatile WatchService watcher;
    private final Set<Path> watchedDirs = new HashSet<>();
    private long lastWatch;

    TailInput(PluginContext ctx, TailOptions opt) throws PluginConfigException {
        this.ctx = ctx;
        this.opt = opt;
        this.log = ctx.log();
        var m = ctx.metrics();
        filesOpened = m.counter("files_opened");
        filesClosed = m.counter("files_closed");
        filesRotated = m.counter("files_rotated");
        multilineTruncated = m.counter("multiline_truncated");
        longLineTruncated = m.counter("long_line_truncated");
        longLineSkipped = m.counter("long_line_skipped");
        if (opt.db != null) {
            try {
                db = new TailDatabase(opt.db, opt.dbSync, opt.dbLocking, opt.dbJournalMode);
            } catch (SQLException e) {
                throw new PluginConfigException("could not open/create database " + opt.db + ": " + e.getMessage(),
                    e);
            }
        }
    }

    @Override
    public void start(InputSink sink) {
        this.sink = sink;
        if (opt.tag == null || opt.tag.isEmpty()) {
            opt.tag = sink.tag();
        }
        if (opt.tag.indexOf('*') >= 0) {
            opt.dynamicTag = true;
        }
        readFromHead = opt.readFromHead;
        if (opt.inotifyWatcher) {
            try {
                watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                log.warn("inotify watcher unavailable, polling only: " + e.getMessage());
            }
        }
        reader = new Thread(this::run, "tail-" + ctx.name());
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        closeWatcher();
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t == null) {
            closeAll();
        }
    }

    private boolean isPaused() {
        return paused || sink.paused();
    }

    private void run() {
        try {
            scan();
            if (db != null) {
                Set<Long> inodes = new HashSet<>();
                for (TailFile f : files.values()) {
                    inodes.add(f.inode);
                }
                try {
                    int n = db.deleteStale(inodes);
                    log.info("db: delete unmonitored stale inodes from the database: count=" + n);
                } catch (SQLException e) {
                    log.error("db: cannot delete stale inodes: " + e.getMessage());
                }
            }
            if (opt.readNewFromHead) {
                // files found from now on are new: read them whole
                readFromHead = true;
            }
            initialScanDone = true;
            long nextScan = System.currentTimeMillis() + opt.refreshMillis;
            int mlFlushMs = opt.multilineParsers.isEmpty() ? 0 : MultilineStream.flushMs(opt.multilineParsers);
            long nextMlFlush = System.currentTimeMillis() + mlFlushMs;
            // the old multiline mode's timer runs every Multiline_Flush seconds (flb_tail_mult_pending_flush)
            long legacyFlushMs = opt.multiline ? opt.multilineFlushSeconds * 1000L : 0;
            long nextLegacyFlush = System.currentTimeMillis() + legacyFlushMs;
            while (!stopped) {
                if (isPaused()) {
                    waitFor(POLL_MILLIS);
                    continue;
                }
                boolean progressed = false;
                for (TailFile f : new ArrayList<>(files.values())) {
                    if (stopped || isPaused()) {
                        break;
                    }
                    progressed |= readFile(f);
                }
                long now = System.currentTimeMillis();
                if (mlFlushMs > 0 && now >= nextMlFlush) {
                    for (TailFile f : files.values()) {
                        f.ml.flushPending(true);
                        deliver(f);
                    }
                    nextMlFlush = now + mlFlushMs;
                }
                if (legacyFlushMs > 0 && now >= nextLegacyFlush) {
                    for (TailFile f : files.values()) {
                        if (f.legacy != null) {
                            f.legacy.flushIfDue(now / 1000);
                            deliver(f);
                        }
                    }
                    nextLegacyFlush = now + legacyFlushMs;
                }
                if (opt.dockerMode) {
                    for (TailFile f : files.values()) {
                        f.dockerModeTimeout(now);
                        deliver(f);
                    }
                }
                if (now >= nextScan) {
                    scan();
                    nextScan = now + opt.refreshMillis;
                }
                if (!progressed && !stopped) {
                    // with inotify the reader wakes on every write: the rotation checks keep the poll period
                    if (watcher == null || now - lastWatch >= POLL_MILLIS) {
                        watch(now);
                        lastWatch = now;
                    }
                    idleWait();
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("reader failed: " + e);
        } finally {
            flushLegacyMultiline();
            closeAll();
        }
    }

    /** At shutdown the old multiline mode's pending records go out (flb_tail_mult_pending_flush_all). */
    private void flushLegacyMultiline() {
        for (TailFile f : files.values()) {
            if (f.legacy != null) {
                try {
                    f.legacy.flush();
                    deliver(f);
                } catch (RuntimeException e) {
                    log.error("multiline flush of " + f.name + " failed: " + e);
                }
            }
        }
    }

    /**
     * Waits for new data: up to the poll period, or until the watcher reports an event in a directory of a followed
     * file or of a Path pattern (writes, creations, renames), whichever comes first. Polling stays the fallback for
     * what inotify does not report (writes through another mount, files in directories the globs reach later).
     */
    private void idleWait() {
        WatchService w = watcher;
        if (w == null) {
            waitFor(POLL_MILLIS);
            return;
        }
        try {
            WatchKey k = w.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            while (k != null) {
                k.pollEvents();
                k.reset();
                k = w.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
    }

    /** Watches {@code dir} for entry events (creations, deletions, writes) once. */
    private void watchDir(Path dir) {
        WatchService w = watcher;
        if (w == null || dir == null || !watchedDirs.add(dir)) {
            return;
        }
        try {
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | ClosedWatchServiceException e) {
            log.debug("cannot watch " + dir + " (polling it): " + e);
        }
    }

    /** The directory a Path pattern's fixed part names (before its first wildcard). */
    private static Path patternDir(String pattern) {
        int meta = pattern.length();
        for (char c : new char[] {'*', '?', '['}) {
            int i = pattern.indexOf(c);
            if (i >= 0) {
                meta = Math.min(meta, i);
            }
        }
        int slash = pattern.lastIndexOf('/', meta == pattern.length() ? pattern.length() - 1 : meta);
        return slash <= 0 ? null : Path.of(pattern.substring(0, slash));
    }

    private void closeWatcher() {
        WatchService w = watcher;
        watcher = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                log.debug("closing the watcher: " + e);
            }
        }
    }

    private void waitFor(long ms) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                lock.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    /** Reads a file until EOF, the batch size or a pause; true when anything was read. */
    private boolean readFile(TailFile f) {
        long batch = f.isStatic ? opt.staticBatchSize : opt.eventBatchSize;
        boolean any = false;
        if (f.atEof) {
            // the file was idle: before reading what is new, make sure it is still the content we read
            // (copytruncate followed by more writes than we had read leaves the size grown)
            try {
                if (f.truncatedSinceRead()) {
                    f.resetOnTruncate(f.size - f.offset);
                }
            } catch (IOException e) {
                log.debug("truncation check " + f.name + ": " + e);
            }
            f.atEof = false;
        }
        long start = f.offset;
        while (!stopped) {
            if (isPaused()) {
                break;
            }
            TailFile.Status s;
            long before = f.offset;
            try {
                s = f.readChunk();
            } catch (IOException e) {
                log.error("error reading " + f.name + ": " + e.getMessage());
                s = TailFile.Status.ERROR;
            }
            if (f.offset != before) {
                any = true;
            }
            if (s == TailFile.Status.ERROR) {
                deliver(f);
                remove(f, false);
                return any;
            }
            if (f.hasEvents() && (s == TailFile.Status.WAIT || f.pendingEvents() >= APPEND_BATCH)) {
                deliver(f);
            }
            if (s == TailFile.Status.WAIT) {
                f.atEof = true;
                deliver(f);
                saveOffset(f);
                reachedEof(f);
                return any;
            }
            if (batch > 0 && f.offset - start >= batch) {
                break;
            }
        }
        deliver(f);
        saveOffset(f);
        return any;
    }

    private void reachedEof(TailFile f) {
        if (!f.isStatic) {
            return;
        }
        f.isStatic = false;
        staticCount--;
        if (opt.exitOnEof && initialScanDone && !exitRequested) {
            // A Docker_Mode line still waiting for its continuation is complete at the end of the file: Fluent Bit
            // emits it when the file is closed at Exit_On_Eof (multiline parsers' trailing partials it does not).
            f.dockerModeFlush();
            if (f.legacy != null) {
                // the old multiline mode's pending record is complete at the end of the file (tail.c on Exit_On_Eof)
                f.legacy.flush();
            }
            deliver(f);
            log.info("inode=" + f.inode + " file=" + f.name + " ended, stop");
            if (staticCount <= 0) {
                exitRequested = true;
                sink.requestShutdown();
            }
        }
    }

    private void deliver(TailFile f) {
        if (f.hasEvents()) {
            List<Event> events = f.takeEvents();
            // storage: with storage.type filesystem the records are in their chunk file once this completes (at once
            // with storage.sync normal, after fsync with full); saveOffset waits for it before moving the DB offset.
            CompletableFuture<Void> stored = sink.appendDurable(f.tag, events).toCompletableFuture();
            if (!stored.isDone() || stored.isCompletedExceptionally()) {
                notYetStored.computeIfAbsent(f, k -> new ArrayList<>()).add(stored);
            }
        }
    }

    /**
     * storage: waits until every append of {@code f} is in storage. False when one failed: the records were not
     * stored, so the DB offset of that file stays where it is for the rest of this run (a restart reads them again:
     * duplicates, never a loss).
     */
    private boolean stored(TailFile f) {
        List<CompletableFuture<Void>> pending = notYetStored.remove(f);
        if (pending != null) {
            for (CompletableFuture<Void> d : pending) {
                try {
                    d.join();
                } catch (CompletionException | CancellationException e) {
                    if (offsetHeld.add(f)) {
                        log.error("db: offset of " + f.name + " held at " + f.savedOffset + " for this run: records "
                            + "could not be stored (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")");
                    }
                }
            }
        }
        return !offsetHeld.contains(f);
    }

    /** Persists the resume offset (and its marker) when it moved, once the records before it are stored. */
    void saveOffset(TailFile f) {
        long off = f.dbOffset();
        if (off == f.savedOffset || !stored(f)) {
            return;
        }
        try {
            long[] m = f.computeMarker(off);
            if (m == null) {
                m = new long[] {0, 0};
            }
            f.marker = m[0];
            f.markerSize = (int) m[1];
            f.savedOffset = off;
            if (db != null && f.dbId > 0) {
                if (!db.updateOffset(f.dbId, off, f.marker, f.markerSize)) {
                    f.dbId = db.insert(f.name, off, f.inode, f.marker, f.markerSize);
                }
            }
        } catch (IOException | SQLException e) {
            log.error("db: cannot update offset of " + f.name + ": " + e.getMessage());
        }
    }

    // ---- discovery ----------------------------------------------------------------------------------------------

    /** flb_tail_scan: expands every Path glob and follows the regular files not followed yet. */
    private void scan() {
        long now = System.currentTimeMillis() / 1000;
        for (String pattern : opt.paths) {
            Path pd = patternDir(pattern);
            if (pd != null && Files.isDirectory(pd)) {
                watchDir(pd);
            }
            for (String path : PathGlob.expand(pattern)) {
                if (excluded(path)) {
                    continue;
                }
                try {
                    Map<String, Object> a = Files.readAttributes(Path.of(path), "unix:ino,dev,mode,lastModifiedTime");
                    int mode = (Integer) a.get("mode");
                    if ((mode & 0170000) != 0100000) {
                        continue;
                    }
                    if (opt.ignoreOlderSeconds > 0) {
                        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
                        if (now - opt.ignoreOlderSeconds > mtime) {
                            continue;
                        }
                    }
                    long ino = (Long) a.get("ino");
                    long dev = (Long) a.get("dev");
                    if (files.containsKey(dev + ":" + ino)) {
                        continue;
                    }
                    append(path, ino, dev);
                } catch (IOException | RuntimeException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        log.debug("cannot stat " + path + ": " + e);
                    }
                }
            }
        }
    }

    private boolean excluded(String path) {
        for (var p : opt.excludes) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /** flb_tail_file_append: opens the file and sets its position from the DB, the head or the tail. */
    private void append(String path, long ino, long dev) {
        String tag = opt.tag;
        if (opt.dynamicTag) {
            tag = TailTag.compose(opt.tag, opt.tagRegex, path);
            if (tag == null) {
                log.error("invalid tag_regex pattern for file " + path);
                return;
            }
        }
        TailFile f;
        try {
            f = ProcFd.open(this, path, ino, dev, tag);
        } catch (IOException e) {
            log.error("cannot open " + path);
            return;
        }
        try {
            f.size = f.ch.size();
            Path p = Path.of(path);
            if (Files.isSymbolicLink(p)) {
                f.isLink = true;
                f.linkInode = (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            }
            setPosition(f);
        } catch (IOException | SQLException e) {
            log.error("cannot set the position of " + path + ": " + e.getMessage());
            f.close();
            return;
        }
        files.put(dev + ":" + ino, f);
        staticCount++;
        Path parent = Path.of(path).toAbsolutePath().getParent();
        watchDir(parent);
        if (f.realPath != null) {
            watchDir(Path.of(f.realPath).getParent());
        }
        filesOpened.incrementAndGet();
        if (log.isDebug()) {
            log.debug("inode=" + ino + " with offset=" + f.offset + " appended as " + path);
        }
    }

    private void setPosition(TailFile f) throws IOException, SQLException {
        if (db != null) {
            TailDatabase.Row row = db.find(f.inode);
            boolean exists = row != null;
            if (exists && opt.dbCompareFilename && !f.name.equals(row.name())) {
                exists = false;
            }
            if (!exists) {
                if (opt.dbCompareFilename && row != null && row.id() > 0) {
                    db.delete(row.id());
                    log.info("db: stale file deleted from database: id=" + row.id());
                }
                long[] m = f.computeMarker(f.offset);
                f.dbId = db.insert(f.name, f.offset, f.inode, m == null ? 0 : m[0], m == null ? 0 : (int) m[1]);
            } else {
                f.dbId = row.id();
                f.offset = row.offset();
                f.marker = row.marker();
                f.markerSize = row.markerSize();
            }
            boolean markerOk = true;
            if (f.offset > 0 && f.markerSize > 0 && f.offset <= f.size) {
                long[] m = f.computeMarker(f.offset);
                markerOk = m != null && m[0] == f.marker && m[1] == f.markerSize;
            }
            if (f.offset > f.size || !markerOk) {
                // the saved offset belongs to content that is gone (copytruncate while stopped, inode reuse)
                f.offset = 0;
                f.streamOffset = 0;
                f.savedOffset = -1;
                saveOffset(f);
            }
            if (f.offset > 0) {
                f.streamOffset = f.offset;
                f.savedOffset = f.offset;
            } else if (!readFromHead) {
                f.offset = f.size;
                f.streamOffset = f.size;
                saveOffset(f);
            }
            return;
        }
        if (!readFromHead) {
            f.offset = f.size;
            f.streamOffset = f.size;
        }
        saveOffset(f);
    }

    // ---- watching -----------------------------------------------------------------------------------------------

    /** Rotation, deletion, truncation and purge checks; runs when the reader is idle. */
    private void watch(long now) {
        for (TailFile f : new ArrayList<>(files.values())) {
            if (f.removed) {
                continue;
            }
            try {
                if (f.rotatedAt > 0) {
                    if (f.rotatedAt + opt.rotateWaitMillis <= now) {
                        readFile(f);
                        if (log.isDebug()) {
                            log.debug("inode=" + f.inode + " purge rotated file " + f.name + " (offset=" + f.offset
                                + ")");
                        }
                        remove(f, false);
                    }
                    continue;
                }
                ProcFd.Where w = ProcFd.where(f);
                if (w.deleted()) {
                    // drain what the writer left, then forget the file and its DB row
                    readFile(f);
                    if (log.isDebug()) {
                        log.debug("purge: monitored file has been deleted: " + f.name);
                    }
                    remove(f, true);
                    continue;
                }
                if (w.path() != null && !w.path().equals(f.realPath) || linkRotated(f)) {
                    rotated(f, w.path() != null ? w.path() : f.name);
                    continue;
                }
                if (f.truncatedSinceRead()) {
                    f.resetOnTruncate(f.size - f.offset);
                }
                if (opt.ignoreOlderSeconds > 0 && opt.ignoreActiveOlderFiles) {
                    FileTime mt = Files.getLastModifiedTime(Path.of(f.name));
                    if (now / 1000 - opt.ignoreOlderSeconds > mt.toMillis() / 1000) {
                        remove(f, false);
                    }
                }
            } catch (IOException e) {
                log.debug("watch " + f.name + ": " + e);
            }
        }
    }

    /** A followed symlink now points to another inode (or is gone). */
    private boolean linkRotated(TailFile f) {
        if (!f.isLink) {
            return false;
        }
        try {
            long ino = (Long) Files.getAttribute(Path.of(f.name), "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return ino != f.linkInode;
        } catch (IOException e) {
            return true;
        }
    }

    /** flb_tail_file_rotated: keep reading the old inode under its new name, pick up a new file at the old one. */
    private void rotated(TailFile f, String newName) {
        String old = f.name;
        f.name = newName;
        f.realPath = newName;
        log.info("inode=" + f.inode + " handle rotation(): " + old + " => " + newName);
        f.rotatedAt = System.currentTimeMillis();
        filesRotated.incrementAndGet();
        if (db != null && f.dbId > 0) {
            try {
                db.rotate(f.dbId, newName);
            } catch (SQLException e) {
                log.error("could not rotate file " + old + "->" + newName + " in database");
            }
        }
        try {
            Map<String, Object> a = Files.readAttributes(Path.of(old), "unix:ino,dev,mode");
            long ino = (Long) a.get("ino");
            long dev = (Long) a.get("dev");
            int mode = (Integer) a.get("mode");
            if (ino != f.inode && (mode & 0170000) == 0100000 && !files.containsKey(dev + ":" + ino)
                && !excluded(old)) {
                append(old, ino, dev);
            }
        } catch (IOException e) {
            // nothing at the old name yet: the next scan finds the new file
        }
    }

    private void remove(TailFile f, boolean deleteRow) {
        if (f.removed) {
            return;
        }
        f.removed = true;
        if (db != null && f.dbId > 0) {
            try {
                if (deleteRow) {
                    db.delete(f.dbId);
                } else {
                    saveOffset(f);
                }
            } catch (SQLException e) {
                log.error("db: could not update " + f.name + ": " + e.getMessage());
            }
        }
        files.remove(f.dev + ":" + f.inode);
        if (f.isStatic) {
            f.isStatic = false;
            staticCount--;
        }
        f.close();
        filesClosed.incrementAndGet();
    }

    private void closeAll() {
        for (TailFile f : new ArrayList<>(files.values())) {
            saveOffset(f);
            f.close();
        }
        files.clear();
        closeWatcher();
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
