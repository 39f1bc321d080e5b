// SPDX-License-Identifier: GPL-2.0
/*
 * Peregrine's syscall probes: CO-RE programs on the raw syscall exit tracepoint (tp_btf/sys_exit),
 * sched_process_exec and sched_process_exit that write libscap-format exit events (see
 * peregrine_events.h) to one BPF ring buffer, like Falco's modern_bpf driver.
 *
 * Why exit-side only: one event per syscall halves the event rate, and at exit the result and the
 * kernel's view (fd -> file, socket addresses, new process image) are known. The exception is execve's
 * filename, which lives in the old image and is gone after a successful exec: sched_process_exec parks the
 * kernel's copy in task storage.
 *
 * Why a 'wanted' map checked first: every syscall on the host runs these programs, so a syscall no rule
 * needs must cost one array lookup, not an event.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "peregrine_events.h"

char LICENSE[] SEC("license") = "GPL";

#define MASK (PG_MAX_EVENT - 1)
#define RLIMIT_NOFILE 7
#define FMODE_CREATED 0x100000
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* user space sets Buffer_Size before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PG_WANTED_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} wanted SEC(".maps");

/* Not called 'config': that name clashes with a vmlinux.h type. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pg_settings);
} settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pg_counters);
} counters SEC(".maps");

/* Where one event is assembled before bpf_ringbuf_output. One slot per CPU: a plain array indexed by
 * CPU, because per-CPU array values are limited to 32 KiB. User space sets max_entries to the number of
 * possible CPUs. Scratch arrays for path walks live here too: the BPF stack has 512 bytes for all frames. */
struct scratch {
	__u8 data[PG_SCRATCH_SIZE];
	const void *comp[PG_MAX_PATH_DEPTH];
	__u64 payload; /* next parameter byte */
	__u64 lens;    /* next parameter length slot */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

/* execve's filename, parked by sched_process_exec for sys_exit. */
struct exec_park {
	__u32 len;
	char name[PG_MAX_READ];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct exec_park);
} exec_parked SEC(".maps");

/* Kernels before 6.15 call kernfs_node's parent 'parent'. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* ---------- event assembly ---------- */

static __always_inline struct scratch *cpu_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_map, &cpu);
}

static __always_inline struct scratch *ev_begin(__u16 type, __u32 nparams)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (!s)
		return 0;
	struct ppm_evt_hdr *h = (struct ppm_evt_hdr *)s->data;
	h->type = type;
	h->nparams = nparams;
	s->lens = PG_HDR_SIZE;
	s->payload = PG_HDR_SIZE + nparams * PG_PARAM_LEN_SIZE;
	return s;
}

static __always_inline void put_len(struct scratch *s, __u16 len)
{
	*(__u16 *)&s->data[s->lens & MASK] = len;
	s->lens += 2;
}

static __always_inline void p_u64(struct scratch *s, __u64 v)
{
	*(__u64 *)&s->data[s->payload & MASK] = v;
	s->payload += 8;
	put_len(s, 8);
}

static __always_inline void p_u32(struct scratch *s, __u32 v)
{
	*(__u32 *)&s->data[s->payload & MASK] = v;
	s->payload += 4;
	put_len(s, 4);
}

static __always_inline void p_u16(struct scratch *s, __u16 v)
{
	*(__u16 *)&s->data[s->payload & MASK] = v;
	s->payload += 2;
	put_len(s, 2);
}

static __always_inline void p_u8(struct scratch *s, __u8 v)
{
	s->data[s->payload & MASK] = v;
	s->payload += 1;
	put_len(s, 1);
}

static __always_inline void p_empty(struct scratch *s)
{
	put_len(s, 0);
}

/* True while one more read of PG_MAX_READ bytes keeps the event under PG_MAX_EVENT (with room for the
 * fixed-size parameters that may follow). */
static __always_inline int room(struct scratch *s)
{
	return s->payload < PG_MAX_EVENT - PG_MAX_READ - 512;
}

static __always_inline void p_ustr(struct scratch *s, const void *uptr)
{
	long n = 0;
	if (uptr && room(s))
		n = bpf_probe_read_user_str(&s->data[s->payload & MASK], PG_MAX_READ, uptr);
	if (n < 0)
		n = 0;
	s->payload += n;
	put_len(s, n);
}

static __always_inline void p_kstr(struct scratch *s, const void *kptr)
{
	long n = 0;
	if (kptr && room(s))
		n = bpf_probe_read_kernel_str(&s->data[s->payload & MASK], PG_MAX_READ, kptr);
	if (n < 0)
		n = 0;
	s->payload += n;
	put_len(s, n);
}

/* user bytes [uptr, uptr+len), cut to PG_MAX_READ */
static __always_inline void p_ubytes(struct scratch *s, const void *uptr, __u64 len)
{
	if (!uptr || !room(s) || len == 0) {
		put_len(s, 0);
		return;
	}
	if (len > PG_MAX_READ)
		len = PG_MAX_READ;
	/* clang may drop the bound above; the asm keeps it for the verifier */
	asm volatile("%[len] &= 0x1fff" : [len] "+r"(len));
	if (len > PG_MAX_READ)
		len = PG_MAX_READ;
	if (bpf_probe_read_user(&s->data[s->payload & MASK], len, uptr) < 0)
		len = 0;
	s->payload += len;
	put_len(s, len);
}

static __always_inline void ev_submit(struct scratch *s, __u32 tid)
{
	__u32 zero = 0;
	struct pg_counters *c = bpf_map_lookup_elem(&counters, &zero);
	struct pg_settings *cfg = bpf_map_lookup_elem(&settings, &zero);
	struct ppm_evt_hdr *h = (struct ppm_evt_hdr *)s->data;
	__u64 len = s->payload;
	if (!c || !cfg)
		return;
	if (len > PG_MAX_EVENT || len < PG_HDR_SIZE) {
		c->drops_too_big++;
		return;
	}
	h->ts = cfg->boot_time + bpf_ktime_get_boot_ns();
	h->tid = tid;
	h->len = len;
	asm volatile("%[len] &= 0xffff" : [len] "+r"(len));
	if (len > PG_MAX_EVENT)
		return;
	if (bpf_ringbuf_output(&events, s->data, len, BPF_RB_NO_WAKEUP) == 0)
		c->events++;
	else
		c->drops_full++;
}

/* close exit, the commonest event: fixed size, so written straight into the ring (no scratch buffer, no copy). */
struct close_x {
	struct ppm_evt_hdr h;
	__u16 lens[PPME_SYSCALL_CLOSE_X_NP];
	__s64 res;
	__s64 fd;
} __attribute__((packed));

static __always_inline void emit_close(long ret, long fd, __u32 tid)
{
	__u32 zero = 0;
	struct pg_counters *c = bpf_map_lookup_elem(&counters, &zero);
	struct pg_settings *cfg = bpf_map_lookup_elem(&settings, &zero);
	if (!c || !cfg)
		return;
	struct close_x *ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		c->drops_full++;
		return;
	}
	ev->h.ts = cfg->boot_time + bpf_ktime_get_boot_ns();
	ev->h.tid = tid;
	ev->h.len = sizeof(*ev);
	ev->h.type = PPME_SYSCALL_CLOSE_X;
	ev->h.nparams = PPME_SYSCALL_CLOSE_X_NP;
	ev->lens[0] = 8;
	ev->lens[1] = 8;
	ev->res = ret;
	ev->fd = fd;
	bpf_ringbuf_submit(ev, BPF_RB_NO_WAKEUP);
	c->events++;
}

/* ---------- kernel state readers ---------- */

static __always_inline __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* Casts a pointer read with a helper back to a BTF pointer, so its fields load directly (a plain load with
 * fault handling) instead of through one bpf_probe_read_kernel call each: the hot path of open events. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* The struct file of an fd as a plain address (what global functions may take as an argument). */
static __always_inline __u64 fd_file_addr(struct task_struct *task, long fd)
{
	__u64 f = 0;
	if (fd < 0)
		return 0;
	struct fdtable *fdt = task->files->fdt;
	if (!fdt || fd >= fdt->max_fds)
		return 0;
	struct file **fds = fdt->fd;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	__u64 f = fd_file_addr(task, fd);
	return f ? bpf_rdonly_cast((void *)f, bpf_core_type_id_kernel(struct file)) : 0;
}

static __always_inline void p_dev_ino(struct scratch *s, struct file *f)
{
	__u32 dev = 0;
	__u64 ino = 0;
	if (f) {
		struct inode *in = f->f_inode;
		dev = encode_dev(in->i_sb->s_dev);
		ino = in->i_ino;
	}
	p_u32(s, dev);
	p_u64(s, ino);
}

static __always_inline __u32 open_flags(__u64 flags)
{
	__u32 r;
	switch (flags & 3) {
	case 1: r = PPM_O_WRONLY; break;
	case 2: r = PPM_O_RDWR; break;
	default: r = PPM_O_RDONLY; break;
	}
	if (flags & 0100) r |= PPM_O_CREAT;
	if (flags & 02000) r |= PPM_O_APPEND;
	if (flags & 010000) r |= PPM_O_DSYNC;
	if (flags & 0200) r |= PPM_O_EXCL;
	if (flags & 04000) r |= PPM_O_NONBLOCK;
	if (flags & 04000000) r |= PPM_O_SYNC;
	if (flags & 01000) r |= PPM_O_TRUNC;
	if (flags & 040000) r |= PPM_O_DIRECT;
	if (flags & 0200000) r |= PPM_O_DIRECTORY;
	if (flags & 0100000) r |= PPM_O_LARGEFILE;
	if (flags & 02000000) r |= PPM_O_CLOEXEC;
	if ((flags & 020000000) == 020000000) r |= PPM_O_TMPFILE;
	return r;
}

/* libs open_modes_to_scap: the mode means something only when a file may be created */
static __always_inline __u32 open_mode(__u64 flags, __u64 mode)
{
	return (flags & (0100 | 020000000)) ? (__u32)(mode & 07777) : 0;
}

static __always_inline __u32 clone_flags(__u64 f)
{
	__u32 r = 0;
	if (f & 0x400) r |= PPM_CL_CLONE_FILES;
	if (f & 0x200) r |= PPM_CL_CLONE_FS;
	if (f & 0x80000000) r |= PPM_CL_CLONE_IO;
	if (f & 0x08000000) r |= PPM_CL_CLONE_NEWIPC;
	if (f & 0x40000000) r |= PPM_CL_CLONE_NEWNET;
	if (f & 0x20000) r |= PPM_CL_CLONE_NEWNS;
	if (f & 0x20000000) r |= PPM_CL_CLONE_NEWPID;
	if (f & 0x04000000) r |= PPM_CL_CLONE_NEWUTS;
	if (f & 0x8000) r |= PPM_CL_CLONE_PARENT;
	if (f & 0x100000) r |= PPM_CL_CLONE_PARENT_SETTID;
	if (f & 0x2000) r |= PPM_CL_CLONE_PTRACE;
	if (f & 0x800) r |= PPM_CL_CLONE_SIGHAND;
	if (f & 0x40000) r |= PPM_CL_CLONE_SYSVSEM;
	if (f & 0x10000) r |= PPM_CL_CLONE_THREAD;
	if (f & 0x800000) r |= PPM_CL_CLONE_UNTRACED;
	if (f & 0x100) r |= PPM_CL_CLONE_VM;
	if (f & 0x10000000) r |= PPM_CL_CLONE_NEWUSER;
	if (f & 0x200000) r |= PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & 0x01000000) r |= PPM_CL_CLONE_CHILD_SETTID;
	if (f & 0x80000) r |= PPM_CL_CLONE_SETTLS;
	if (f & 0x4000) r |= PPM_CL_CLONE_VFORK;
	if (f & 0x02000000) r |= PPM_CL_CLONE_NEWCGROUP;
	return r;
}

/* nr of a struct pid in the initial namespace (level 0) or the pid's own, deepest namespace */
static __always_inline __s64 pid_nr(struct pid *p, int own_ns)
{
	if (!p)
		return 0;
	__u32 level = own_ns ? BPF_CORE_READ(p, level) : 0;
	struct upid up = {};
	bpf_probe_read_kernel(&up, sizeof(up), &p->numbers[level & 31]);
	return up.nr;
}

static __always_inline struct pid *task_pid_of(struct task_struct *t, int type)
{
	/* PIDTYPE_PID lives in task->thread_pid; TGID, PGID, SID in signal->pids[] */
	if (type == 0)
		return BPF_CORE_READ(t, thread_pid);
	struct pid *p = 0;
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	bpf_probe_read_kernel(&p, sizeof(p), &sig->pids[type & 3]);
	return p;
}

/* Writes "/" + components in comp[n-1..0]: path walks collect leaf first. */
static __always_inline void put_components(struct scratch *s, int n)
{
	int any = 0;
	for (int i = 0; i < PG_MAX_PATH_DEPTH; i++)
		if (i < n && s->comp[i])
			any = 1;
	if (!any) {
		s->data[s->payload & MASK] = '/';
		s->payload++;
	}
	for (int i = PG_MAX_PATH_DEPTH - 1; i >= 0; i--) {
		if (i >= n || !s->comp[i])
			continue;
		if (!room(s))
			break;
		s->data[s->payload & MASK] = '/';
		s->payload++;
		long r = bpf_probe_read_kernel_str(&s->data[s->payload & MASK], 256, s->comp[i]);
		if (r > 0)
			s->payload += r - 1;
	}
	s->data[s->payload & MASK] = 0;
	s->payload++;
}

/* "subsys=/path" of one cgroup subsystem, NUL-terminated; returns bytes written. */
static __always_inline __u64 put_cgroup(struct scratch *s, struct task_struct *task, __u32 id, const char *name,
					int nlen)
{
	__u64 start = s->payload;
	struct cgroup_subsys_state *css = 0;
	struct css_set *cs = BPF_CORE_READ(task, cgroups);
	if (!cs || !room(s))
		return 0;
	bpf_probe_read_kernel(&css, sizeof(css), &cs->subsys[id & 15]);
	if (!css)
		return 0;
	struct kernfs_node *kn = BPF_CORE_READ(css, cgroup, kn);
	int n = 0;
	for (int i = 0; i < PG_MAX_CGROUP_DEPTH; i++) {
		struct kernfs_node *parent;
		if (!kn)
			break;
		if (bpf_core_field_exists(kn->__parent))
			parent = BPF_CORE_READ(kn, __parent);
		else
			parent = BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
		if (!parent)
			break; /* the hierarchy's root has no name in the path */
		s->comp[i] = BPF_CORE_READ(kn, name);
		n = i + 1;
		kn = parent;
	}
	bpf_probe_read_kernel(&s->data[s->payload & MASK], nlen & 15, name);
	s->payload += nlen;
	s->data[s->payload & MASK] = '=';
	s->payload++;
	put_components(s, n);
	return s->payload - start;
}

/* cgroups parameter: the subsystems libsinsp and the container matchers look at. A global function, so
 * the verifier checks it once rather than at every call site. */
__noinline int pg_cgroups(void)
{
	struct scratch *s = cpu_scratch();
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	if (!s)
		return 0;
	__u64 n = 0;
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id), "cpuset", 6);
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id), "cpu", 3);
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id), "cpuacct", 7);
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id), "blkio", 5);
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id), "memory", 6);
	n += put_cgroup(s, task, bpf_core_enum_value(enum cgroup_subsys_id, pids_cgrp_id), "pids", 4);
	put_len(s, n);
	return 0;
}

/* Path of a file from its dentries up to the root, crossing mounts (d_path without the helper, which
 * programs on syscall tracepoints may not call). Entries of iterations that cross a mount stay NULL. */
__noinline int pg_file_path(__u64 file_ptr)
{
	struct scratch *s = cpu_scratch();
	struct file *f = (struct file *)file_ptr;
	if (!s)
		return 0;
	if (!f || !room(s)) {
		put_len(s, 0);
		return 0;
	}
	__u64 start = s->payload;
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *vm = BPF_CORE_READ(f, f_path.mnt);
	struct mount *mnt = container_of(vm, struct mount, mnt);
	int n = 0;
	for (int i = 0; i < PG_MAX_PATH_DEPTH; i++) {
		struct dentry *root = BPF_CORE_READ(vm, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		s->comp[i] = 0;
		n = i;
		if (d == root || d == parent) {
			struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
			if (d != root || mp == mnt)
				break;
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mp;
			vm = &mp->mnt;
			continue;
		}
		s->comp[i] = BPF_CORE_READ(d, d_name.name);
		d = parent;
	}
	put_components(s, n);
	put_len(s, s->payload - start);
	return 0;
}

/* ---------- socket addresses ---------- */

/* libscap sockaddr from a user struct sockaddr: family byte, then address and port (host order). */
__noinline int pg_sockaddr(__u64 uaddr_ptr, __u64 ulen)
{
	struct scratch *s = cpu_scratch();
	const void *uaddr = (const void *)uaddr_ptr;
	if (!s)
		return 0;
	__u16 fam = 0;
	if (!uaddr || ulen < 2 || bpf_probe_read_user(&fam, 2, uaddr) < 0) {
		put_len(s, 0);
		return 0;
	}
	__u64 p = s->payload;
	if (fam == AF_INET) {
		struct sockaddr_in in = {};
		bpf_probe_read_user(&in, sizeof(in), uaddr);
		s->data[p & MASK] = AF_INET;
		*(__u32 *)&s->data[(p + 1) & MASK] = in.sin_addr.s_addr;
		*(__u16 *)&s->data[(p + 5) & MASK] = __builtin_bswap16(in.sin_port);
		s->payload += 7;
		put_len(s, 7);
	} else if (fam == AF_INET6) {
		struct sockaddr_in6 in6 = {};
		bpf_probe_read_user(&in6, sizeof(in6), uaddr);
		s->data[p & MASK] = AF_INET6;
		__builtin_memcpy(&s->data[(p + 1) & MASK], &in6.sin6_addr, 16);
		*(__u16 *)&s->data[(p + 17) & MASK] = __builtin_bswap16(in6.sin6_port);
		s->payload += 19;
		put_len(s, 19);
	} else if (fam == AF_UNIX) {
		s->data[p & MASK] = AF_UNIX;
		long n = bpf_probe_read_user_str(&s->data[(p + 1) & MASK], 108, uaddr + 2);
		if (n < 1) {
			s->data[(p + 1) & MASK] = 0;
			n = 1;
		}
		s->payload += 1 + n;
		put_len(s, 1 + n);
	} else {
		s->data[p & MASK] = fam;
		s->payload += 1;
		put_len(s, 1);
	}
	return 0;
}

/* libscap socktuple of a socket fd. inbound (accept): source = peer, dest = local; else source = local.
 * uaddr: the user address (connect), used for the peer when the kernel has none yet (failed connect). */
__noinline int pg_socktuple(__u64 file_ptr, int inbound, __u64 uaddr_ptr, __u64 ulen)
{
	struct scratch *s = cpu_scratch();
	struct file *f = (struct file *)file_ptr;
	const void *uaddr = (const void *)uaddr_ptr;
	if (!s)
		return 0;
	struct socket *sock = f ? BPF_CORE_READ(f, private_data) : 0;
	struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : 0;
	if (!sk) {
		put_len(s, 0);
		return 0;
	}
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u64 p = s->payload;
	if (fam == AF_INET) {
		__u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rip == 0 && uaddr && ulen >= sizeof(struct sockaddr_in)) {
			struct sockaddr_in in = {};
			bpf_probe_read_user(&in, sizeof(in), uaddr);
			rip = in.sin_addr.s_addr;
			rport = __builtin_bswap16(in.sin_port);
		}
		s->data[p & MASK] = AF_INET;
		*(__u32 *)&s->data[(p + 1) & MASK] = inbound ? rip : lip;
		*(__u16 *)&s->data[(p + 5) & MASK] = inbound ? rport : lport;
		*(__u32 *)&s->data[(p + 7) & MASK] = inbound ? lip : rip;
		*(__u16 *)&s->data[(p + 11) & MASK] = inbound ? lport : rport;
		s->payload += 13;
		put_len(s, 13);
	} else if (fam == AF_INET6) {
		struct in6_addr lip = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr rip = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
		s->data[p & MASK] = AF_INET6;
		__builtin_memcpy(&s->data[(p + 1) & MASK], inbound ? &rip : &lip, 16);
		*(__u16 *)&s->data[(p + 17) & MASK] = inbound ? rport : lport;
		__builtin_memcpy(&s->data[(p + 19) & MASK], inbound ? &lip : &rip, 16);
		*(__u16 *)&s->data[(p + 35) & MASK] = inbound ? lport : rport;
		s->payload += 37;
		put_len(s, 37);
	} else if (fam == AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		s->data[p & MASK] = AF_UNIX;
		*(__u64 *)&s->data[(p + 1) & MASK] = (__u64)sk;
		*(__u64 *)&s->data[(p + 9) & MASK] = (__u64)peer;
		long n = 0;
		if (uaddr && ulen > 2) {
			n = bpf_probe_read_user_str(&s->data[(p + 17) & MASK], 108, uaddr + 2);
		} else {
			/* the bound side's name: ours when we listen (accept), the peer's otherwise */
			struct unix_sock *named = inbound ? us : (struct unix_sock *)peer;
			struct unix_address *ua = named ? BPF_CORE_READ(named, addr) : 0;
			if (ua)
				n = bpf_probe_read_kernel_str(&s->data[(p + 17) & MASK], 108, &ua->name[0].sun_path);
		}
		if (n < 1) {
			s->data[(p + 17) & MASK] = 0;
			n = 1;
		}
		s->payload += 17 + n;
		put_len(s, 17 + n);
	} else {
		put_len(s, 0);
	}
	return 0;
}

/* ---------- process events ---------- */

static __always_inline void p_mm_counts(struct scratch *s, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	p_u64(s, BPF_CORE_READ(task, signal, rlim[RLIMIT_NOFILE].rlim_cur));
	p_u64(s, BPF_CORE_READ(task, maj_flt));
	p_u64(s, BPF_CORE_READ(task, min_flt));
	p_u32(s, mm ? BPF_CORE_READ(mm, total_vm) << 2 : 0); /* pages -> KiB */
	p_u32(s, 0); /* vm_rss: per-CPU counters, not worth reading here */
	p_u32(s, 0); /* vm_swap */
}

/* exe (argv[0]) and args (argv[1..], NUL-separated) from the process's argument area */
static __always_inline void p_exe_args(struct scratch *s, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	__u64 start = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	__u64 end = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	__u64 before = s->payload;
	p_ustr(s, (const void *)start);
	__u64 n0 = s->payload - before;
	if (start && end > start + n0)
		p_ubytes(s, (const void *)(start + n0), end - start - n0);
	else
		p_empty(s);
}

/* exe and args from a user argv array (failed exec: the arguments of the call) */
__noinline int pg_argv(__u64 argv_ptr)
{
	struct scratch *s = cpu_scratch();
	const char *const *argv = (const char *const *)argv_ptr;
	if (!s)
		return 0;
	const char *a = 0;
	if (argv)
		bpf_probe_read_user(&a, sizeof(a), &argv[0]);
	p_ustr(s, a);
	__u64 start = s->payload;
	for (int i = 1; i < 32 && argv; i++) {
		a = 0;
		bpf_probe_read_user(&a, sizeof(a), &argv[i]);
		if (!a || !room(s))
			break;
		long n = bpf_probe_read_user_str(&s->data[s->payload & MASK], PG_MAX_READ, a);
		if (n > 0)
			s->payload += n;
	}
	put_len(s, s->payload - start);
	return 0;
}

static __always_inline __u32 tty_of(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (!tty)
		return 0;
	__u32 index = BPF_CORE_READ(tty, index);
	__u32 major = BPF_CORE_READ(tty, driver, major);
	__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + index;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define PPM_EXE_UPPER_LAYER (1 << 1)
#define PPM_EXE_FROM_MEMFD (1 << 2)
#define PPM_EXE_LOWER_LAYER (1 << 3)

/* execve flags (proc.is_exe_upper_layer etc.), as libs' modern_bpf computes them: on overlayfs, struct
 * ovl_inode keeps __upperdentry right after its vfs_inode, and the file is in the upper (container) layer when
 * that dentry's inode is the file's; a memfd exe has a dentry named "memfd:...". Writable is not computed. */
static __always_inline __u32 exe_flags(struct file *exe)
{
	__u32 flags = 0;
	if (!exe)
		return 0;
	struct inode *ino = BPF_CORE_READ(exe, f_inode);
	if (BPF_CORE_READ(ino, i_sb, s_magic) == OVERLAYFS_SUPER_MAGIC) {
		struct dentry *upper = 0;
		bpf_probe_read_kernel(&upper, sizeof(upper), (char *)ino + bpf_core_type_size(struct inode));
		if (upper && BPF_CORE_READ(upper, d_inode, i_ino) == BPF_CORE_READ(ino, i_ino))
			flags |= PPM_EXE_UPPER_LAYER;
		else
			flags |= PPM_EXE_LOWER_LAYER;
	}
	char name[6] = {};
	bpf_probe_read_kernel(name, sizeof(name), BPF_CORE_READ(exe, f_path.dentry, d_name.name));
	if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' && name[5] == ':')
		flags |= PPM_EXE_FROM_MEMFD;
	return flags;
}

/* tid, pid, ptid as libscap wants them: initial-namespace ids; ptid is the parent process */
static __always_inline void p_ids(struct scratch *s, struct task_struct *task)
{
	p_u64(s, BPF_CORE_READ(task, pid));
	p_u64(s, BPF_CORE_READ(task, tgid));
	p_u64(s, BPF_CORE_READ(task, real_parent, tgid));
}

__noinline int pg_clone(__u32 type, long ret, __u64 raw_flags, __u32 tid)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct scratch *s = ev_begin(type, PPME_SYSCALL_CLONE_20_X_NP);
	if (!s)
		return 0;
	struct pid *tp = BPF_CORE_READ(task, thread_pid);
	__u32 level = tp ? BPF_CORE_READ(tp, level) : 0;
	__u32 flags = clone_flags(raw_flags);
	if (level > 0)
		flags |= PPM_CL_CHILD_IN_PIDNS;
	p_u64(s, ret);                                  /* res */
	p_exe_args(s, task);                            /* exe, args */
	p_ids(s, task);                                 /* tid, pid, ptid */
	p_empty(s);                                     /* cwd: inherited in user space */
	p_mm_counts(s, task);                           /* fdlimit .. vm_swap */
	p_kstr(s, BPF_CORE_READ(task, comm));           /* comm */
	pg_cgroups();                             /* cgroups */
	p_u32(s, flags);                                /* flags */
	p_u32(s, BPF_CORE_READ(task, cred, euid.val));  /* uid */
	p_u32(s, BPF_CORE_READ(task, cred, egid.val));  /* gid */
	p_u64(s, pid_nr(tp, 1));                        /* vtid */
	p_u64(s, pid_nr(task_pid_of(task, 1), 1));      /* vpid */
	p_u64(s, 0);                                    /* pidns_init_start_ts */
	ev_submit(s, tid);
	return 0;
}

__noinline int pg_execve(__u32 at, long ret, __u64 filename, __u64 argv, __u32 tid)
{
	/* BPF functions take five arguments at most: the event code follows from execve vs execveat */
	__u16 type = at ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X;
	__u32 np = at ? PPME_SYSCALL_EXECVEAT_X_NP : PPME_SYSCALL_EXECVE_19_X_NP;
	struct task_struct *task = bpf_get_current_task_btf();
	struct scratch *s = ev_begin(type, np);
	if (!s)
		return 0;
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : 0;
	p_u64(s, ret);
	if (ret >= 0)
		p_exe_args(s, task);
	else
		pg_argv(argv);
	p_ids(s, task);
	p_empty(s);                                      /* cwd */
	p_mm_counts(s, task);
	p_kstr(s, BPF_CORE_READ(task, comm));
	pg_cgroups();
	if (ret >= 0 && mm) {                            /* env */
		__u64 es = BPF_CORE_READ(mm, env_start), ee = BPF_CORE_READ(mm, env_end);
		p_ubytes(s, (const void *)es, ee > es ? ee - es : 0);
	} else {
		p_empty(s);
	}
	p_u32(s, tty_of(task));                          /* tty */
	p_u64(s, pid_nr(task_pid_of(task, 2), 1));       /* vpgid */
	p_u32(s, BPF_CORE_READ(task, loginuid.val));     /* loginuid */
	p_u32(s, ret >= 0 ? exe_flags(exe) : 0);         /* flags */
	p_u64(s, BPF_CORE_READ(task, cred, cap_inheritable.val));
	p_u64(s, BPF_CORE_READ(task, cred, cap_permitted.val));
	p_u64(s, BPF_CORE_READ(task, cred, cap_effective.val));
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : 0;
	p_u64(s, ino ? BPF_CORE_READ(ino, i_ino) : 0);   /* exe_ino */
	__u64 ct = 0, mt = 0;
	if (ino && bpf_core_field_exists(ino->i_ctime_sec)) {
		ct = BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ULL + (BPF_CORE_READ(ino, i_ctime_nsec) & 0x3fffffff); /* bit 31: multigrain "queried" flag */
		mt = BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ULL + (BPF_CORE_READ(ino, i_mtime_nsec) & 0x3fffffff);
	}
	p_u64(s, ct);                                    /* exe_ino_ctime */
	p_u64(s, mt);                                    /* exe_ino_mtime */
	p_u32(s, BPF_CORE_READ(task, cred, euid.val));   /* uid */
	if (ret >= 0)
		pg_file_path((__u64)exe);                         /* trusted_exepath */
	else
		p_empty(s);
	p_u64(s, pid_nr(task_pid_of(task, 2), 0));       /* pgid */
	p_u32(s, BPF_CORE_READ(task, cred, egid.val));   /* gid */
	if (np == PPME_SYSCALL_EXECVE_19_X_NP && ret < 0) { /* filename: the old image is still there */
		p_ustr(s, (const void *)filename);
	} else if (np == PPME_SYSCALL_EXECVE_19_X_NP) {  /* filename, parked at sched_process_exec */
		struct exec_park *park = bpf_task_storage_get(&exec_parked, task, 0, 0);
		__u32 n = park ? park->len : 0;
		if (park)
			park->len = 0; /* consumed: a later failed exec must not show it */
		if (n > PG_MAX_READ)
			n = 0;
		if (n && room(s)) {
			asm volatile("%[n] &= 0x1fff" : [n] "+r"(n));
			if (n > PG_MAX_READ)
				n = PG_MAX_READ;
			bpf_probe_read_kernel(&s->data[s->payload & MASK], n, park->name);
			s->payload += n;
			put_len(s, n);
		} else {
			p_empty(s);
		}
	}
	ev_submit(s, tid);
	return 0;
}

/* ---------- programs ---------- */

static __always_inline int slot_on(__u32 slot)
{
	__u32 *w = bpf_map_lookup_elem(&wanted, &slot);
	return w && *w;
}

static __always_inline int is_wanted(__u32 slot, __u32 tgid)
{
	__u32 zero = 0;
	if (!slot_on(slot))
		return 0;
	struct pg_settings *cfg = bpf_map_lookup_elem(&settings, &zero);
	return cfg && cfg->agent_tgid != tgid;
}

/* A successful exec replaces the image that held execve's filename argument, so the filename is taken here,
 * from the kernel's copy in the binprm, and parked for sys_exit. This replaces a sys_enter program, which would
 * run for every system call on the host just to catch execve. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(pg_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 pt = bpf_get_current_pid_tgid();
	if (!is_wanted(PG_NR_execve, pt >> 32) && !is_wanted(PG_NR_execveat, pt >> 32))
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	struct exec_park *park = bpf_task_storage_get(&exec_parked, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!park)
		return 0;
	long n = bpf_probe_read_kernel_str(park->name, PG_MAX_READ, bprm->filename);
	park->len = n > 0 ? n : 0;
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_sys_exit, struct pt_regs *regs, long ret)
{
	long id = regs->orig_ax; /* regs is a trusted BTF pointer here: direct loads, no helper calls */
	/* Every system call on the host comes here: the inlined array lookup first, helper calls after it. */
	if (id < 0 || id >= PG_WANTED_SLOTS || !slot_on(id))
		return 0;
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pt;
	__u32 zero = 0;
	/* the slot is on (checked above): one settings lookup for the agent's own events and Drop_Failed_Exit */
	struct pg_settings *cfg = bpf_map_lookup_elem(&settings, &zero);
	if (!cfg || cfg->agent_tgid == (__u32)(pt >> 32) || (ret < 0 && cfg->drop_failed))
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 a0 = regs->di, a1 = regs->si, a2 = regs->dx, a3 = regs->r10, a4 = regs->r8;
	struct scratch *s;

	switch (id) {
	case PG_NR_open:
		if (!(s = ev_begin(PPME_SYSCALL_OPEN_X, PPME_SYSCALL_OPEN_X_NP)))
			return 0;
		{
			struct file *f = fd_file(task, ret);
			__u32 fl = open_flags(a1);
			if (f && (f->f_mode & FMODE_CREATED))
				fl |= PPM_O_F_CREATED;
			p_u64(s, ret);
			p_ustr(s, (const void *)a0);
			p_u32(s, fl);
			p_u32(s, open_mode(a1, a2));
			p_dev_ino(s, f);
		}
		break;
	case PG_NR_openat:
	case PG_NR_openat2: {
		int two = id == PG_NR_openat2;
		__u64 flags = a2, mode = a3, resolve = 0;
		if (two) {
			struct open_how how = {};
			bpf_probe_read_user(&how, sizeof(how), (const void *)a2);
			flags = how.flags;
			mode = how.mode;
			resolve = how.resolve;
		}
		if (!(s = ev_begin(two ? PPME_SYSCALL_OPENAT2_X : PPME_SYSCALL_OPENAT_2_X,
				   two ? PPME_SYSCALL_OPENAT2_X_NP : PPME_SYSCALL_OPENAT_2_X_NP)))
			return 0;
		struct file *f = fd_file(task, ret);
		__u32 fl = open_flags(flags);
		if (f && (f->f_mode & FMODE_CREATED))
			fl |= PPM_O_F_CREATED;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u32(s, fl);
		p_u32(s, open_mode(flags, mode));
		if (two)
			p_u32(s, (__u32)resolve);
		p_dev_ino(s, f);
		break;
	}
	case PG_NR_creat:
		if (!(s = ev_begin(PPME_SYSCALL_CREAT_X, PPME_SYSCALL_CREAT_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_u32(s, a1 & 07777);
		p_dev_ino(s, fd_file(task, ret));
		p_u16(s, 0);
		break;
	case PG_NR_close:
		emit_close(ret, (__s64)(int)a0, tid);
		return 0;
	case PG_NR_dup:
		if (!(s = ev_begin(PPME_SYSCALL_DUP_1_X, PPME_SYSCALL_DUP_1_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		break;
	case PG_NR_dup2:
	case PG_NR_dup3: {
		int three = id == PG_NR_dup3;
		if (!(s = ev_begin(three ? PPME_SYSCALL_DUP3_X : PPME_SYSCALL_DUP2_X,
				   three ? PPME_SYSCALL_DUP3_X_NP : PPME_SYSCALL_DUP2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_u64(s, (__s64)(int)a1);
		if (three)
			p_u32(s, (a2 & 02000000) ? PPM_O_CLOEXEC : 0);
		break;
	}
	case PG_NR_socket:
		if (!(s = ev_begin(PPME_SOCKET_SOCKET_X, PPME_SOCKET_SOCKET_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u32(s, a0);
		p_u32(s, a1);
		p_u32(s, a2);
		p_u32(s, ((a1 & 04000) ? PPM_O_NONBLOCK : 0) | ((a1 & 02000000) ? PPM_O_CLOEXEC : 0));
		break;
	case PG_NR_connect:
		if (!(s = ev_begin(PPME_SOCKET_CONNECT_X, PPME_SOCKET_CONNECT_X_NP)))
			return 0;
		p_u64(s, ret);
		pg_socktuple(fd_file_addr(task, (int)a0), 0, a1, a2);
		p_u64(s, (__s64)(int)a0);
		pg_sockaddr(a1, a2);
		break;
	case PG_NR_accept:
	case PG_NR_accept4: {
		int four = id == PG_NR_accept4;
		if (!(s = ev_begin(four ? PPME_SOCKET_ACCEPT4_6_X : PPME_SOCKET_ACCEPT_5_X,
				   four ? PPME_SOCKET_ACCEPT4_6_X_NP : PPME_SOCKET_ACCEPT_5_X_NP)))
			return 0;
		__u32 qlen = 0, qmax = 0;
		struct file *lf = fd_file(task, (int)a0);
		struct socket *ls = lf ? BPF_CORE_READ(lf, private_data) : 0;
		struct sock *lsk = ls ? BPF_CORE_READ(ls, sk) : 0;
		if (lsk) {
			qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
			qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
		}
		p_u64(s, ret);
		pg_socktuple(ret >= 0 ? fd_file_addr(task, ret) : 0, 1, 0, 0);
		p_u8(s, qmax ? (qlen * 100) / qmax : 0);
		p_u32(s, qlen);
		p_u32(s, qmax);
		if (four)
			p_u32(s, (__u32)a3);
		break;
	}
	case PG_NR_bind:
		if (!(s = ev_begin(PPME_SOCKET_BIND_X, PPME_SOCKET_BIND_X_NP)))
			return 0;
		p_u64(s, ret);
		pg_sockaddr(a1, a2);
		p_u64(s, (__s64)(int)a0);
		break;
	case PG_NR_clone:
		pg_clone(PPME_SYSCALL_CLONE_20_X, ret, a0, tid);
		return 0;
	case PG_NR_fork:
		pg_clone(PPME_SYSCALL_FORK_20_X, ret, 0, tid);
		return 0;
	case PG_NR_vfork:
		pg_clone(PPME_SYSCALL_VFORK_20_X, ret, 0x4000 | 0x100, tid);
		return 0;
	case PG_NR_clone3: {
		__u64 fl = 0;
		bpf_probe_read_user(&fl, sizeof(fl), (const void *)a0);
		pg_clone(PPME_SYSCALL_CLONE3_X, ret, fl, tid);
		return 0;
	}
	case PG_NR_execve:
		pg_execve(0, ret, a0, a1, tid);
		return 0;
	case PG_NR_execveat:
		pg_execve(1, ret, a1, a2, tid);
		return 0;
	case PG_NR_chdir:
		if (!(s = ev_begin(PPME_SYSCALL_CHDIR_X, PPME_SYSCALL_CHDIR_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		break;
	case PG_NR_fchdir:
		if (!(s = ev_begin(PPME_SYSCALL_FCHDIR_X, PPME_SYSCALL_FCHDIR_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		break;
	case PG_NR_setuid:
	case PG_NR_setgid:
		if (!(s = ev_begin(id == PG_NR_setuid ? PPME_SYSCALL_SETUID_X : PPME_SYSCALL_SETGID_X, 2)))
			return 0;
		p_u64(s, ret);
		p_u32(s, a0);
		break;
	case PG_NR_setreuid:
	case PG_NR_setregid:
		if (!(s = ev_begin(id == PG_NR_setreuid ? PPME_SYSCALL_SETREUID_X : PPME_SYSCALL_SETREGID_X, 3)))
			return 0;
		p_u64(s, ret);
		p_u32(s, a0);
		p_u32(s, a1);
		break;
	case PG_NR_setresuid:
	case PG_NR_setresgid:
		if (!(s = ev_begin(id == PG_NR_setresuid ? PPME_SYSCALL_SETRESUID_X : PPME_SYSCALL_SETRESGID_X, 4)))
			return 0;
		p_u64(s, ret);
		p_u32(s, a0);
		p_u32(s, a1);
		p_u32(s, a2);
		break;
	case PG_NR_capset:
		if (!(s = ev_begin(PPME_SYSCALL_CAPSET_X, PPME_SYSCALL_CAPSET_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, BPF_CORE_READ(task, cred, cap_inheritable.val));
		p_u64(s, BPF_CORE_READ(task, cred, cap_permitted.val));
		p_u64(s, BPF_CORE_READ(task, cred, cap_effective.val));
		break;
	case PG_NR_mkdir:
		if (!(s = ev_begin(PPME_SYSCALL_MKDIR_2_X, PPME_SYSCALL_MKDIR_2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_u32(s, a1);
		break;
	case PG_NR_mkdirat:
		if (!(s = ev_begin(PPME_SYSCALL_MKDIRAT_X, PPME_SYSCALL_MKDIRAT_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u32(s, a2);
		break;
	case PG_NR_unlink:
		if (!(s = ev_begin(PPME_SYSCALL_UNLINK_2_X, PPME_SYSCALL_UNLINK_2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		break;
	case PG_NR_unlinkat:
		if (!(s = ev_begin(PPME_SYSCALL_UNLINKAT_2_X, PPME_SYSCALL_UNLINKAT_2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u32(s, a2 & 0x200);
		break;
	case PG_NR_rename:
		if (!(s = ev_begin(PPME_SYSCALL_RENAME_X, PPME_SYSCALL_RENAME_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_ustr(s, (const void *)a1);
		break;
	case PG_NR_renameat:
	case PG_NR_renameat2: {
		int two = id == PG_NR_renameat2;
		if (!(s = ev_begin(two ? PPME_SYSCALL_RENAMEAT2_X : PPME_SYSCALL_RENAMEAT_X,
				   two ? PPME_SYSCALL_RENAMEAT2_X_NP : PPME_SYSCALL_RENAMEAT_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u64(s, (__s64)(int)a2);
		p_ustr(s, (const void *)a3);
		if (two)
			p_u32(s, a4);
		break;
	}
	case PG_NR_symlink:
		if (!(s = ev_begin(PPME_SYSCALL_SYMLINK_X, PPME_SYSCALL_SYMLINK_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_ustr(s, (const void *)a1);
		break;
	case PG_NR_symlinkat:
		if (!(s = ev_begin(PPME_SYSCALL_SYMLINKAT_X, PPME_SYSCALL_SYMLINKAT_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_u64(s, (__s64)(int)a1);
		p_ustr(s, (const void *)a2);
		break;
	case PG_NR_link:
		if (!(s = ev_begin(PPME_SYSCALL_LINK_2_X, PPME_SYSCALL_LINK_2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_ustr(s, (const void *)a1);
		break;
	case PG_NR_linkat:
		if (!(s = ev_begin(PPME_SYSCALL_LINKAT_2_X, PPME_SYSCALL_LINKAT_2_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u64(s, (__s64)(int)a2);
		p_ustr(s, (const void *)a3);
		p_u32(s, a4 & (0x400 | 0x1000)); /* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH: same bits in libscap */
		break;
	case PG_NR_chmod:
		if (!(s = ev_begin(PPME_SYSCALL_CHMOD_X, PPME_SYSCALL_CHMOD_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_u32(s, a1 & 07777); /* libscap's mode bits are the kernel's */
		break;
	case PG_NR_fchmod:
		if (!(s = ev_begin(PPME_SYSCALL_FCHMOD_X, PPME_SYSCALL_FCHMOD_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_u32(s, a1 & 07777);
		break;
	case PG_NR_fchmodat:
		if (!(s = ev_begin(PPME_SYSCALL_FCHMODAT_X, PPME_SYSCALL_FCHMODAT_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u32(s, a2 & 07777);
		break;
	case PG_NR_memfd_create:
		if (!(s = ev_begin(PPME_SYSCALL_MEMFD_CREATE_X, PPME_SYSCALL_MEMFD_CREATE_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ustr(s, (const void *)a0);
		p_u32(s, a1 & 7); /* MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB: same bits in libscap */
		break;
	case PG_NR_init_module:
		if (!(s = ev_begin(PPME_SYSCALL_INIT_MODULE_X, PPME_SYSCALL_INIT_MODULE_X_NP)))
			return 0;
		p_u64(s, ret);
		p_ubytes(s, (const void *)a0, a1 < 80 ? a1 : 80); /* the image's start, as libs' snaplen does */
		p_u64(s, a1);
		p_ustr(s, (const void *)a2);
		break;
	case PG_NR_finit_module:
		if (!(s = ev_begin(PPME_SYSCALL_FINIT_MODULE_X, PPME_SYSCALL_FINIT_MODULE_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_ustr(s, (const void *)a1);
		p_u32(s, a2 & 7);
		break;
	case PG_NR_setns:
		if (!(s = ev_begin(PPME_SYSCALL_SETNS_X, PPME_SYSCALL_SETNS_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u64(s, (__s64)(int)a0);
		p_u32(s, clone_flags(a1));
		break;
	case PG_NR_unshare:
		if (!(s = ev_begin(PPME_SYSCALL_UNSHARE_X, PPME_SYSCALL_UNSHARE_X_NP)))
			return 0;
		p_u64(s, ret);
		p_u32(s, clone_flags(a0));
		break;
	default:
		return 0;
	}
	ev_submit(s, tid);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(pg_proc_exit, struct task_struct *p)
{
	__u64 pt = bpf_get_current_pid_tgid();
	if (!is_wanted(PG_SLOT_PROCEXIT, pt >> 32))
		return 0;
	struct scratch *s = ev_begin(PPME_PROCEXIT_1_E, PPME_PROCEXIT_1_E_NP);
	if (!s)
		return 0;
	__s64 code = BPF_CORE_READ(p, exit_code);
	p_u64(s, code);                               /* status */
	p_u64(s, (code & 0x7f) ? 0 : (code >> 8) & 0xff); /* ret: exit status when not killed */
	p_u8(s, code & 0x7f);                         /* sig */
	p_u8(s, (code & 0x80) ? 1 : 0);               /* core */
	p_u64(s, 0);                                  /* reaper_tid: not computed */
	ev_submit(s, (__u32)pt);
	return 0;
}
