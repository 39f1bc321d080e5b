/**
 * Typed syscall events as Falco's libs model them: the driver event table ({@code driver/event_table.c}: event
 * codes, names, flags, parameter names and types) as data, the flag/enum value names ({@code driver/flags_table.c}),
 * and {@link dev.peregrine.syscalls.SyscallEvent}, an event read in place from its wire form
 * ({@code struct ppm_evt_hdr}). Subpackages: {@code scap} (capture reader) and {@code state} (thread/fd tables).
 * Regenerate the tables with {@code syscalls/tools/gen_event_table.py LIBS_DIR syscalls/src/main/resources/dev/peregrine/syscalls}.
 */
package dev.peregrine.syscalls;
