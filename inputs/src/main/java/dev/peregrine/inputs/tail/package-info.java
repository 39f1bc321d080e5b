/**
 * The {@code tail} input: follows files matched by glob patterns, as Fluent Bit 5.1.1's in_tail does
 * ({@code plugins/in_tail/*.c} and the multiline core {@code src/multiline/*.c}): the same options and defaults, line
 * cutting, records, tag expansion, multiline parsers ({@code docker}, {@code cri}, {@code go}, {@code java},
 * {@code python}, {@code ruby} and [MULTILINE_PARSER] definitions), rotation, truncation and the SQLite offsets
 * database ({@code in_tail_files}, same schema and lookup by inode) so a node can move from Fluent Bit without losing
 * or repeating lines.
 *
 * <p>File watching: Java has no inotify binding, and {@code WatchService} on Linux is itself built on inotify but only
 * reports directory entries (it says nothing about rotations through symlinks, or about an open file renamed away).
 * The reader thread therefore polls, as Fluent Bit's stat watcher ({@code Inotify_Watcher false},
 * {@code tail_fs_stat.c}) does: it reads every file until EOF, then sleeps a short poll period before checking
 * sizes again; rotation, deletion and truncation checks run on the same loop, and globs are re-scanned every
 * {@code Refresh_Interval}.
 */
package dev.peregrine.inputs.tail;
