package dev.peregrine.inputs.tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where an open file is now, the way Fluent Bit asks Linux ({@code flb_tail_file_name}: readlink of
 * {@code /proc/self/fd/N}): after a rename the link names the new path, after a delete it ends in " (deleted)". Java
 * does not expose a FileChannel's descriptor number, so it is found once at open time by matching the links in
 * {@code /proc/self/fd} against the path and inode just opened. Without /proc (not Linux) the file's directory is
 * searched for the inode instead.
 */
final class ProcFd {
    private static final Path PROC_FD = Path.of("/proc/self/fd");
    /** Descriptors claimed by followed files of this JVM, so two files never share one. */
    private static final Set<Integer> CLAIMED = new HashSet<>();

    /** Where a followed file is: its current path (null if unknown) and whether it was deleted. */
    record Where(String path, boolean deleted) {
    }

    private ProcFd() {
    }

    /** Opens a file for following and finds its descriptor number. */
    static TailFile open(TailInput in, String path, long ino, long dev, String tag) throws IOException {
        synchronized (CLAIMED) {
            TailFile f = new TailFile(in, path, ino, dev, tag);
            String real;
            try {
                real = Path.of(path).toRealPath().toString();
            } catch (IOException e) {
                real = Path.of(path).toAbsolutePath().normalize().toString();
            }
            f.realPath = real;
            if (Files.isDirectory(PROC_FD)) {
                int best = -1;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC_FD)) {
                    for (Path e : ds) {
                        int fd;
                        try {
                            fd = Integer.parseInt(e.getFileName().toString());
                        } catch (NumberFormatException x) {
                            continue;
                        }
                        if (CLAIMED.contains(fd)) {
                            continue;
                        }
                        try {
                            if (!Files.readSymbolicLink(e).toString().equals(real)) {
                                continue;
                            }
                            Object i = Files.getAttribute(e, "unix:ino");
                            if (i instanceof Long l && l == ino && fd > best) {
                                // the newest descriptor for this inode is the one just opened
                                best = fd;
                            }
                        } catch (IOException x) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    best = -1;
                }
                if (best >= 0) {
                    f.procFd = best;
                    CLAIMED.add(best);
                }
            }
            return f;
        }
    }

    static void release(TailFile f) {
        synchronized (CLAIMED) {
            if (f.procFd >= 0) {
                CLAIMED.remove(f.procFd);
                f.procFd = -1;
            }
        }
    }

    static Where where(TailFile f) {
        if (f.procFd >= 0) {
            try {
                String target = Files.readSymbolicLink(PROC_FD.resolve(Integer.toString(f.procFd))).toString();
                if (target.endsWith(" (deleted)")) {
                    return new Where(target.substring(0, target.length() - 10), true);
                }
                return new Where(target, false);
            } catch (IOException e) {
                return new Where(null, false);
            }
        }
        // no /proc: same inode still under the name, else look for it in the directory
        Path p = Path.of(f.name);
        try {
            Object i = Files.getAttribute(p, "unix:ino");
            if (i instanceof Long l && l == f.inode) {
                return new Where(f.realPath, false);
            }
        } catch (IOException | RuntimeException e) {
            // gone from that name
        }
        Path dir = p.toAbsolutePath().getParent();
        if (dir != null) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path e : ds) {
                    try {
                        Object i = Files.getAttribute(e, "unix:ino");
                        if (i instanceof Long l && l == f.inode) {
                            return new Where(e.toString(), false);
                        }
                    } catch (IOException x) {
                        // raced with a delete
                    }
                }
            } catch (IOException e) {
                return new Where(null, false);
            }
        }
        return new Where(null, true);
    }
}
