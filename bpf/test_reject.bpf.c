// SPDX-License-Identifier: GPL-2.0
/*
 * A program the verifier must reject (an unchecked map value dereference), with the maps the loader sizes
 * before loading. Used by the end-to-end test of the error message on verifier rejection.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH); /* a hash lookup may return NULL (an array one with a constant key not) */
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} scratch_map SEC(".maps");

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&scratch_map, &k);
	*v = ret; /* no NULL check: rejected */
	return 0;
}
