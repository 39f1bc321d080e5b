package dev.peregrine.syscalls;

/**
 * Parameter types of the driver event table ({@code enum ppm_param_type} in libs
 * {@code driver/ppm_events_public.h}); the ordinal is the on-wire code.
 */
public enum ParamType {
    NONE, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, CHARBUF, BYTEBUF, ERRNO, SOCKADDR, SOCKTUPLE,
    FD, PID, FDLIST, FSPATH, SYSCALLID, SIGTYPE, RELTIME, ABSTIME, PORT, L4PROTO, SOCKFAMILY, BOOL, IPV4ADDR, DYN,
    FLAGS8, FLAGS16, FLAGS32, UID, GID, DOUBLE, SIGSET, CHARBUFARRAY, CHARBUF_PAIR_ARRAY, IPV4NET, IPV6ADDR,
    IPV6NET, IPADDR, IPNET, MODE, FSRELPATH, ENUMFLAGS8, ENUMFLAGS16, ENUMFLAGS32, FD32, PID32;

    /** True for integer types whose value is read as a signed quantity. */
    public boolean isSigned() {
        switch (this) {
            case INT8: case INT16: case INT32: case INT64: case ERRNO: case FD: case PID: case FD32: case PID32:
                return true;
            default:
                return false;
        }
    }

    /** True for the string-like types printed as text. */
    public boolean isText() {
        return this == CHARBUF || this == FSPATH || this == FSRELPATH;
    }

    /** True for integer-valued types (including flags, ids and times). */
    public boolean isInteger() {
        switch (this) {
            case INT8: case INT16: case INT32: case INT64: case UINT8: case UINT16: case UINT32: case UINT64:
            case ERRNO: case FD: case PID: case SYSCALLID: case SIGTYPE: case RELTIME: case ABSTIME: case PORT:
            case L4PROTO: case SOCKFAMILY: case BOOL: case FLAGS8: case FLAGS16: case FLAGS32: case UID: case GID:
            case SIGSET: case MODE: case ENUMFLAGS8: case ENUMFLAGS16: case ENUMFLAGS32: case FD32: case PID32:
                return true;
            default:
                return false;
        }
    }
}
