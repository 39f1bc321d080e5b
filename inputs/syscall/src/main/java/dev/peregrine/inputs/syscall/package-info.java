/**
 * The {@code syscall} input: eBPF CO-RE programs (bpf/) loaded through the system's libbpf with jnr-ffi, events read
 * from a BPF ring buffer in libscap's event format and turned into typed syscall events with process and fd state.
 */
package dev.peregrine.inputs.syscall;
