package dev.peregrine.syscalls.state;

/**
 * File descriptor kinds ({@code enum scap_fd_type}, libs {@code userspace/libscap/scap.h}); the ordinal is the
 * value stored in captures. {@link #typeChar()} and {@link #typeName()} are {@code fd.typechar} and
 * {@code fd.type} ({@code sinsp_fdinfo::get_typechar/get_typestring}).
 */
public enum FdType {
    UNKNOWN('o', "<NA>"), FILE('f', "file"), DIRECTORY('d', "directory"), IPV4_SOCK('4', "ipv4"),
    IPV6_SOCK('6', "ipv6"), IPV4_SERVSOCK('4', "ipv4"), IPV6_SERVSOCK('6', "ipv6"), FIFO('p', "pipe"),
    UNIX_SOCK('u', "unix"), EVENT('e', "event"), UNSUPPORTED('X', "<NA>"), SIGNALFD('s', "signalfd"),
    EVENTPOLL('l', "eventpoll"), INOTIFY('i', "inotify"), TIMERFD('t', "timerfd"), NETLINK('n', "netlink"),
    FILE_V2('f', "file"), BPF('b', "bpf"), USERFAULTFD('u', "userfaultfd"), IOURING('r', "io_uring"),
    MEMFD('m', "memfd"), PIDFD('P', "pidfd");

    private static final FdType[] VALUES = values();
    private final char typeChar;
    private final String typeName;

    FdType(char typeChar, String typeName) {
        this.typeChar = typeChar;
        this.typeName = typeName;
    }

    public char typeChar() {
        return typeChar;
    }

    public String typeName() {
        return typeName;
    }

    public boolean isFile() {
        return this == FILE || this == FILE_V2;
    }

    public boolean isSocket() {
        return this == IPV4_SOCK || this == IPV6_SOCK || this == IPV4_SERVSOCK || this == IPV6_SERVSOCK
                || this == UNIX_SOCK;
    }

    /** The type of a scap code; codes from newer libraries map to {@link #UNSUPPORTED}. */
    public static FdType ofCode(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : UNSUPPORTED;
    }
}
