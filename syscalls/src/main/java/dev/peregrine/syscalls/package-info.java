/**
 * Typed syscall events as Falco's libs model them (event types and parameters of libscap's event table), the thread
 * and fd tables that a syscall source keeps, and the reader of libscap capture files (.scap). Shared by the replay
 * and eBPF inputs and read by the falco filter.
 */
package dev.peregrine.syscalls;
