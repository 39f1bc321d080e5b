package dev.peregrine.syscalls;

import java.util.List;

/**
 * One row of the driver event table: event code, name (several codes share a name: versions and enter/exit),
 * the {@code PPME_*} symbol, {@link EventFlag} bits and parameters in wire order.
 */
public final class EventInfo {
    private final int code;
    private final String name;
    private final String symbol;
    private final int flags;
    private final ParamInfo[] params;
    private final String category;
    private final boolean syscall;
    /** Parameter name → index (first of a name), so lookups by name cost a hash probe, not a scan. */
    private final java.util.Map<String, Integer> indexByName = new java.util.HashMap<>();

    EventInfo(int code, String name, String symbol, int flags, String category, List<ParamInfo> params) {
        this.category = category;
        this.syscall = ("|" + category + "|").contains("|SYSCALL|");
        this.code = code;
        this.name = name;
        this.symbol = symbol;
        this.flags = flags;
        this.params = params.toArray(new ParamInfo[0]);
        for (int i = 0; i < this.params.length; i++) {
            indexByName.putIfAbsent(this.params[i].name(), i);
        }
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String symbol() {
        return symbol;
    }

    /** {@code EC_*} category names joined by {@code |} (e.g. {@code FILE|SYSCALL}). */
    public String category() {
        return category;
    }

    /** True for system-call events (category {@code EC_SYSCALL}), which have a return value on exit. */
    public boolean isSyscall() {
        return syscall;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Exit events have odd codes ({@code PPME_DIRECTION_FLAG}). */
    public boolean isExit() {
        return (code & 1) != 0;
    }

    public int paramCount() {
        return params.length;
    }

    public ParamInfo param(int i) {
        return params[i];
    }

    /** Index of the parameter called {@code name}, or -1. */
    public int paramIndex(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
