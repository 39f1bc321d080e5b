/**
 * The {@code tail} input: follows files matched by glob patterns, as Fluent Bit 5.1.1's in_tail does
 * ({@code plugins/in_tail/*.c} and the multiline core {@code src/multiline/*.c}): the same options and defaults, line
 * cutting, records, tag expansion, multiline parsers ({@code docker}, {@code cri}, {@code go}, {@code java},
 * {@code python}, {@code ruby} and [MULTILINE_PARSER] definitions), rotation, truncation and the SQLite offsets
 * database ({@code in_tail_files}, same schema and lookup by inode) so a node can move from Fluent Bit without losing
 * or repeating lines.
 *
 * <p>File watching: polling is the authority, as with Fluent Bit's stat watcher ({@code tail_fs_stat.c}): the reader
 * reads every file until EOF, then sleeps a short poll period before checking sizes again; rotation, deletion and
 * truncation checks run on the same loop (at most once per poll period), and globs are re-scanned every
 * {@code Refresh_Interval}. With {@code Inotify_Watcher} (the default) a java.nio {@code WatchService} (inotify on
 * Linux) on the directories of the followed files and of the Path patterns wakes the idle reader as soon as a file is
 * written, created or renamed, so new lines are picked up at once; it only reports directory entries (nothing about
 * rotations through symlinks or an open file renamed away), which is why it wakes the loop rather than replacing it.
 */
package dev.peregrine.inputs.tail;
