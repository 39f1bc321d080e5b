/**
 * The {@code scap} input: replays a libscap capture file (.scap, gzip or plain; the savefile format Falco and sysdig
 * write) as syscall records with the process and fd state the capture carries, so the {@code falco} filter raises
 * the alerts Falco would raise on the same capture.
 */
package dev.peregrine.inputs.scap;
