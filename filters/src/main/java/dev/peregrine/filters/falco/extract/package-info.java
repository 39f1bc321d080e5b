/**
 * Falco field extraction over typed syscall events and the state a syscall source keeps: a
 * {@link dev.peregrine.filters.falco.compile.FieldSource} with libsinsp's filtercheck semantics
 * ({@code userspace/libsinsp/sinsp_filtercheck_{event,thread,fd,user,group}.cpp}) and the container plugin's
 * {@code container.*}/{@code k8s.*} fields.
 */
package dev.peregrine.filters.falco.extract;
