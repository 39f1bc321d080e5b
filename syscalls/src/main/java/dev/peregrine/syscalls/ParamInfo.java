package dev.peregrine.syscalls;

/**
 * One parameter of an event: name as used by {@code evt.arg.NAME}, wire type, print format and, for flag and
 * enum parameters, the name of its value table in {@link FlagTables} (null otherwise).
 */
public record ParamInfo(String name, ParamType type, ParamFormat format, String flagTable) {
}
