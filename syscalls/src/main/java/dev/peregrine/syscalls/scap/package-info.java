/**
 * Reader of libscap capture files (.scap), following the libscap savefile format
 * ({@code userspace/libscap/scap_savefile.h} and {@code engine/savefile/scap_savefile.c} in falcosecurity/libs):
 * pcapng-like blocks (type, total length, body, trailing length), section header with byte-order magic
 * 0x1A2B3C4D, process list v1..v9, fd list v1/v2, user list v1/v2, interface list, and event blocks (v1 without
 * {@code nparams}, v2, with flags, large payload). Gzip-compressed captures are detected by their magic.
 */
package dev.peregrine.syscalls.scap;
