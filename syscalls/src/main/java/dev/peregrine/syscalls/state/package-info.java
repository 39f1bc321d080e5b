/**
 * Process and fd state a syscall source keeps, with libsinsp's semantics ({@code userspace/libsinsp/parsers.cpp},
 * {@code threadinfo.cpp}, {@code thread_manager.cpp}, {@code fdinfo.h}): thread table, per-process fd tables,
 * users and groups, and container ids from cgroup paths as Falco's container plugin matches them.
 */
package dev.peregrine.syscalls.state;
