/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * The single source of truth for what the BPF programs (peregrine.bpf.c) write and what user space
 * (dev.peregrine.inputs.syscall) reads: the event header, the event codes and parameter counts we emit,
 * the map layouts shared with user space and the size limits.
 *
 * The event format is libscap's (falcosecurity/libs driver/ppm_events_public.h): a packed ppm_evt_hdr,
 * then nparams u16 parameter lengths, then the parameters back to back, so events decode with
 * dev.peregrine.syscalls.SyscallEvent exactly like events of Falco's modern_bpf driver. Codes and
 * parameter lists follow the driver event table (syscalls/src/main/resources/.../event_table.txt);
 * the Java test BpfLayoutTest checks both against this header.
 *
 * Include after __u8/__u16/__u32/__u64 are defined (vmlinux.h in BPF, <linux/types.h> in C tests).
 */
#ifndef PEREGRINE_EVENTS_H
#define PEREGRINE_EVENTS_H

/* libscap's event header. Packed: 26 bytes, little endian. */
struct ppm_evt_hdr {
	__u64 ts;      /* ns since the epoch */
	__u64 tid;     /* thread id in the initial pid namespace */
	__u32 len;     /* whole event: header + lengths + parameters */
	__u16 type;    /* PPME_* code */
	__u32 nparams; /* number of u16 lengths after the header */
} __attribute__((packed));

#define PG_HDR_SIZE 26
#define PG_PARAM_LEN_SIZE 2

/* Size limits. Offsets into the scratch buffer are masked with PG_MAX_EVENT - 1, and one read never
 * exceeds PG_MAX_READ, so every access stays inside PG_SCRATCH_SIZE (the verifier must see that). */
#define PG_MAX_EVENT 32768
#define PG_MAX_READ 4096
#define PG_SCRATCH_SIZE (2 * PG_MAX_EVENT)
/* A string parameter is cut to PG_MAX_READ bytes (PATH_MAX); argv/env areas too, as libs' ARGS_MAX. */
#define PG_MAX_PATH_DEPTH 24
#define PG_MAX_CGROUP_DEPTH 16

/* Index space of the 'wanted' map: x86_64 syscall numbers, plus slots for tracepoint events. */
#define PG_WANTED_SLOTS 512
#define PG_SLOT_PROCEXIT 511

/* The 'settings' map (one entry), written by user space after load. */
struct pg_settings {
	__u64 boot_time;   /* epoch ns at boot: ts = boot_time + bpf_ktime_get_boot_ns() */
	__u32 agent_tgid;  /* events of this process are not emitted (the agent would observe itself) */
	__u32 drop_failed; /* 1: failed syscalls (negative result) are not emitted (Drop_Failed_Exit) */
};

/* The 'counters' map: one entry per CPU (a per-CPU array), summed by user space. */
struct pg_counters {
	__u64 events;        /* events written to the ring buffer */
	__u64 drops_full;    /* ring buffer full: event lost */
	__u64 drops_too_big; /* event over PG_MAX_EVENT: event lost */
};

/* x86_64 system call numbers we emit events for (arch/x86/entry/syscalls/syscall_64.tbl). */
#define PG_NR_read 0
#define PG_NR_write 1
#define PG_NR_open 2
#define PG_NR_close 3
#define PG_NR_dup 32
#define PG_NR_dup2 33
#define PG_NR_socket 41
#define PG_NR_connect 42
#define PG_NR_accept 43
#define PG_NR_bind 49
#define PG_NR_clone 56
#define PG_NR_fork 57
#define PG_NR_vfork 58
#define PG_NR_execve 59
#define PG_NR_chdir 80
#define PG_NR_fchdir 81
#define PG_NR_rename 82
#define PG_NR_mkdir 83
#define PG_NR_creat 85
#define PG_NR_unlink 87
#define PG_NR_setuid 105
#define PG_NR_setgid 106
#define PG_NR_setreuid 113
#define PG_NR_setregid 114
#define PG_NR_setresuid 117
#define PG_NR_setresgid 119
#define PG_NR_capset 126
#define PG_NR_openat 257
#define PG_NR_mkdirat 258
#define PG_NR_unlinkat 263
#define PG_NR_renameat 264
#define PG_NR_accept4 288
#define PG_NR_dup3 292
#define PG_NR_renameat2 316
#define PG_NR_execveat 322
#define PG_NR_clone3 435
#define PG_NR_openat2 437
#define PG_NR_link 86
#define PG_NR_symlink 88
#define PG_NR_chmod 90
#define PG_NR_fchmod 91
#define PG_NR_init_module 175
#define PG_NR_linkat 265
#define PG_NR_symlinkat 266
#define PG_NR_fchmodat 268
#define PG_NR_unshare 272
#define PG_NR_setns 308
#define PG_NR_finit_module 313
#define PG_NR_memfd_create 319

/* Event codes (libs enum ppm_event_code) and parameter counts of the events we emit. */
#define PPME_SYSCALL_OPEN_X 3
#define PPME_SYSCALL_OPEN_X_NP 6
#define PPME_SYSCALL_CLOSE_X 5
#define PPME_SYSCALL_CLOSE_X_NP 2
#define PPME_SOCKET_SOCKET_X 19
#define PPME_SOCKET_SOCKET_X_NP 5
#define PPME_SOCKET_BIND_X 21
#define PPME_SOCKET_BIND_X_NP 3
#define PPME_SOCKET_CONNECT_X 23
#define PPME_SOCKET_CONNECT_X_NP 4
#define PPME_SYSCALL_CREAT_X 59
#define PPME_SYSCALL_CREAT_X_NP 6
#define PPME_SYSCALL_CHDIR_X 95
#define PPME_SYSCALL_CHDIR_X_NP 2
#define PPME_SYSCALL_FCHDIR_X 97
#define PPME_SYSCALL_FCHDIR_X_NP 2
#define PPME_SYSCALL_RENAME_X 175
#define PPME_SYSCALL_RENAME_X_NP 3
#define PPME_SYSCALL_RENAMEAT_X 177
#define PPME_SYSCALL_RENAMEAT_X_NP 5
#define PPME_PROCEXIT_1_E 186
#define PPME_PROCEXIT_1_E_NP 5
#define PPME_SYSCALL_SETRESUID_X 193
#define PPME_SYSCALL_SETRESUID_X_NP 4
#define PPME_SYSCALL_SETRESGID_X 195
#define PPME_SYSCALL_SETRESGID_X_NP 4
#define PPME_SYSCALL_SETUID_X 199
#define PPME_SYSCALL_SETUID_X_NP 2
#define PPME_SYSCALL_SETGID_X 201
#define PPME_SYSCALL_SETGID_X_NP 2
#define PPME_SYSCALL_CLONE_20_X 223
#define PPME_SYSCALL_CLONE_20_X_NP 21
#define PPME_SYSCALL_FORK_20_X 225
#define PPME_SYSCALL_FORK_20_X_NP 21
#define PPME_SYSCALL_VFORK_20_X 227
#define PPME_SYSCALL_VFORK_20_X_NP 21
#define PPME_SOCKET_ACCEPT_5_X 247
#define PPME_SOCKET_ACCEPT_5_X_NP 5
#define PPME_SYSCALL_MKDIR_2_X 277
#define PPME_SYSCALL_MKDIR_2_X_NP 3
#define PPME_SYSCALL_EXECVE_19_X 293
#define PPME_SYSCALL_EXECVE_19_X_NP 31
#define PPME_SYSCALL_UNLINK_2_X 301
#define PPME_SYSCALL_UNLINK_2_X_NP 2
#define PPME_SYSCALL_UNLINKAT_2_X 303
#define PPME_SYSCALL_UNLINKAT_2_X_NP 4
#define PPME_SYSCALL_MKDIRAT_X 305
#define PPME_SYSCALL_MKDIRAT_X_NP 4
#define PPME_SYSCALL_OPENAT_2_X 307
#define PPME_SYSCALL_OPENAT_2_X_NP 7
#define PPME_SYSCALL_RENAMEAT2_X 319
#define PPME_SYSCALL_RENAMEAT2_X_NP 6
#define PPME_SYSCALL_OPENAT2_X 327
#define PPME_SYSCALL_OPENAT2_X_NP 8
#define PPME_SYSCALL_EXECVEAT_X 331
#define PPME_SYSCALL_EXECVEAT_X_NP 30
#define PPME_SYSCALL_CLONE3_X 335
#define PPME_SYSCALL_CLONE3_X_NP 21
#define PPME_SYSCALL_CAPSET_X 353
#define PPME_SYSCALL_CAPSET_X_NP 4
#define PPME_SYSCALL_DUP2_X 363
#define PPME_SYSCALL_DUP2_X_NP 3
#define PPME_SYSCALL_DUP3_X 365
#define PPME_SYSCALL_DUP3_X_NP 4
#define PPME_SYSCALL_DUP_1_X 367
#define PPME_SYSCALL_DUP_1_X_NP 2
#define PPME_SOCKET_ACCEPT4_6_X 389
#define PPME_SOCKET_ACCEPT4_6_X_NP 6
#define PPME_SYSCALL_SETREUID_X 427
#define PPME_SYSCALL_SETREUID_X_NP 3
#define PPME_SYSCALL_SETREGID_X 429
#define PPME_SYSCALL_SETREGID_X_NP 3
#define PPME_SYSCALL_SYMLINK_X 179
#define PPME_SYSCALL_SYMLINK_X_NP 3
#define PPME_SYSCALL_SYMLINKAT_X 181
#define PPME_SYSCALL_SYMLINKAT_X_NP 4
#define PPME_SYSCALL_SETNS_X 241
#define PPME_SYSCALL_SETNS_X_NP 3
#define PPME_SYSCALL_UNSHARE_X 285
#define PPME_SYSCALL_UNSHARE_X_NP 2
#define PPME_SYSCALL_LINK_2_X 309
#define PPME_SYSCALL_LINK_2_X_NP 3
#define PPME_SYSCALL_LINKAT_2_X 311
#define PPME_SYSCALL_LINKAT_2_X_NP 6
#define PPME_SYSCALL_FCHMODAT_X 313
#define PPME_SYSCALL_FCHMODAT_X_NP 4
#define PPME_SYSCALL_CHMOD_X 315
#define PPME_SYSCALL_CHMOD_X_NP 3
#define PPME_SYSCALL_FCHMOD_X 317
#define PPME_SYSCALL_FCHMOD_X_NP 3
#define PPME_SYSCALL_MEMFD_CREATE_X 405
#define PPME_SYSCALL_MEMFD_CREATE_X_NP 3
#define PPME_SYSCALL_INIT_MODULE_X 411
#define PPME_SYSCALL_INIT_MODULE_X_NP 4
#define PPME_SYSCALL_FINIT_MODULE_X 413
#define PPME_SYSCALL_FINIT_MODULE_X_NP 4

/* Flag encodings of libscap (driver/ppm_events_public.h), as the event table's flag tables list them. */
#define PPM_O_RDONLY (1 << 0)
#define PPM_O_WRONLY (1 << 1)
#define PPM_O_RDWR (PPM_O_RDONLY | PPM_O_WRONLY)
#define PPM_O_CREAT (1 << 2)
#define PPM_O_APPEND (1 << 3)
#define PPM_O_DSYNC (1 << 4)
#define PPM_O_EXCL (1 << 5)
#define PPM_O_NONBLOCK (1 << 6)
#define PPM_O_SYNC (1 << 7)
#define PPM_O_TRUNC (1 << 8)
#define PPM_O_DIRECT (1 << 9)
#define PPM_O_DIRECTORY (1 << 10)
#define PPM_O_LARGEFILE (1 << 11)
#define PPM_O_CLOEXEC (1 << 12)
#define PPM_O_TMPFILE (1 << 13)
#define PPM_O_F_CREATED (1 << 14)

#define PPM_CL_CLONE_FILES (1 << 0)
#define PPM_CL_CLONE_FS (1 << 1)
#define PPM_CL_CLONE_IO (1 << 2)
#define PPM_CL_CLONE_NEWIPC (1 << 3)
#define PPM_CL_CLONE_NEWNET (1 << 4)
#define PPM_CL_CLONE_NEWNS (1 << 5)
#define PPM_CL_CLONE_NEWPID (1 << 6)
#define PPM_CL_CLONE_NEWUTS (1 << 7)
#define PPM_CL_CLONE_PARENT (1 << 8)
#define PPM_CL_CLONE_PARENT_SETTID (1 << 9)
#define PPM_CL_CLONE_PTRACE (1 << 10)
#define PPM_CL_CLONE_SIGHAND (1 << 11)
#define PPM_CL_CLONE_SYSVSEM (1 << 12)
#define PPM_CL_CLONE_THREAD (1 << 13)
#define PPM_CL_CLONE_UNTRACED (1 << 14)
#define PPM_CL_CLONE_VM (1 << 15)
#define PPM_CL_CLONE_NEWUSER (1 << 20)
#define PPM_CL_CLONE_CHILD_CLEARTID (1 << 23)
#define PPM_CL_CLONE_CHILD_SETTID (1 << 24)
#define PPM_CL_CLONE_SETTLS (1 << 25)
#define PPM_CL_CLONE_VFORK (1 << 27)
#define PPM_CL_CLONE_NEWCGROUP (1 << 28)
#define PPM_CL_CHILD_IN_PIDNS (1 << 29)

#endif
