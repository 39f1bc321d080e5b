package dev.peregrine.syscalls;

import java.nio.charset.StandardCharsets;

/**
 * Parameter values as text, the way libsinsp's {@code sinsp_evt::get_param_as_str} resolves them for
 * {@code evt.arg.NAME}: flag and enum names, errno names for negative results, socket addresses as
 * {@code ip:port} and tuples as {@code ip:port->ip:port}, strings as is, other integers in decimal.
 */
public final class ParamText {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private ParamText() {
    }

    /** Rendering of parameter {@code i}, or null when the event does not carry it. */
    public static String render(SyscallEvent e, int i) {
        if (i < 0 || i >= e.paramCount()) {
            return null;
        }
        EventInfo info = e.info();
        ParamInfo p = info != null && i < info.paramCount() ? info.param(i) : null;
        ParamType t = p == null ? ParamType.BYTEBUF : p.type();
        int len = e.paramLength(i);
        switch (t) {
            case CHARBUF:
            case FSPATH:
            case FSRELPATH: {
                String s = e.paramString(i);
                return s == null ? "" : s;
            }
            case BYTEBUF:
            case CHARBUFARRAY:
            case CHARBUF_PAIR_ARRAY:
                return printable(e.buffer(), e.paramOffset(i), len);
            case SOCKADDR:
                return sockaddr(e.buffer(), e.paramOffset(i), len);
            case SOCKTUPLE:
                return socktuple(e.buffer(), e.paramOffset(i), len);
            case ERRNO: {
                long v = e.paramLong(i);
                String n = v < 0 ? Errno.name(v) : "";
                return n.isEmpty() ? Long.toString(v) : n;
            }
            case FLAGS8:
            case FLAGS16:
            case FLAGS32:
            case ENUMFLAGS8:
            case ENUMFLAGS16:
            case ENUMFLAGS32: {
                long v = e.paramLong(i);
                FlagTables.Table table = p.flagTable() == null ? null : FlagTables.get(p.flagTable());
                String n = table == null ? ""
                        : t == ParamType.FLAGS8 || t == ParamType.FLAGS16 || t == ParamType.FLAGS32
                        ? FlagTables.renderFlags(table, v) : FlagTables.renderEnum(table, v);
                return n.isEmpty() ? Long.toString(v) : n;
            }
            case IPV4ADDR:
                return len == 4 ? ipv4(e.buffer(), e.paramOffset(i)) : "";
            case IPV6ADDR:
                return len == 16 ? ipv6(e.buffer(), e.paramOffset(i)) : "";
            case FDLIST:
            case IPV4NET:
            case IPV6NET:
            case IPADDR:
            case IPNET:
            case DYN:
            case NONE:
                return printable(e.buffer(), e.paramOffset(i), len);
            case UID:
            case GID: {
                long v = e.paramLong(i);
                return Long.toString(v);
            }
            case DOUBLE:
                return len == 8 ? Double.toString(Double.longBitsToDouble(e.paramLong(i))) : "";
            default:
                return Long.toString(e.paramLong(i));
        }
    }

    /**
     * The unresolved form libsinsp prints before any {@code (resolved)} part: integers in the parameter's
     * print format ({@code %u}/{@code %d}, {@code %X} for HEX, {@code %#o} for OCT; errnos, fds, pids and
     * flags in decimal), strings as is, buffers with non-printable bytes as {@code .}, addresses as text.
     */
    public static String raw(SyscallEvent e, int i) {
        if (i < 0 || i >= e.paramCount()) {
            return null;
        }
        EventInfo info = e.info();
        ParamInfo p = info != null && i < info.paramCount() ? info.param(i) : null;
        ParamType t = p == null ? ParamType.BYTEBUF : p.type();
        if (!t.isInteger() || e.paramLength(i) == 0) {
            if (t.isInteger()) {
                return "";
            }
            if (t == ParamType.ERRNO || t == ParamType.FD || t == ParamType.PID) {
                return "";
            }
            return t.isText() ? render(e, i) : render(e, i);
        }
        long v = e.paramLong(i);
        switch (t) {
            case ERRNO: case FD: case PID: case FD32: case PID32:
                return Long.toString(v);
            case FLAGS8: case FLAGS16: case FLAGS32: case ENUMFLAGS8: case ENUMFLAGS16: case ENUMFLAGS32:
                return Long.toUnsignedString(v & mask(e.paramLength(i)));
            default:
                break;
        }
        ParamFormat f = p.format();
        long unsigned = v & mask(e.paramLength(i));
        if (f == ParamFormat.HEX) {
            return Long.toHexString(unsigned).toUpperCase(java.util.Locale.ROOT);
        }
        if (f == ParamFormat.OCT) {
            return unsigned == 0 ? "0" : "0" + Long.toOctalString(unsigned);
        }
        if (f == ParamFormat.PADDED_DEC) {
            return String.format("%09d", v);
        }
        return t.isSigned() ? Long.toString(v) : Long.toUnsignedString(unsigned);
    }

    private static long mask(int len) {
        return len >= 8 ? -1L : (1L << (8 * len)) - 1;
    }

    /** Bytes with non-printable characters shown as {@code .} (libsinsp's default buffer format). */
    public static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int k = 0; k < len; k++) {
            int c = b[off + k] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.toString();
    }

    public static String ipv4(byte[] b, int o) {
        return (b[o] & 0xff) + "." + (b[o + 1] & 0xff) + "." + (b[o + 2] & 0xff) + "." + (b[o + 3] & 0xff);
    }

    public static String ipv6(byte[] b, int o) {
        try {
            byte[] a = new byte[16];
            System.arraycopy(b, o, a, 0, 16);
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException ex) {
            return "";
        }
    }

    static int port(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static String sockaddr(byte[] b, int o, int len) {
        if (len == 0) {
            return "NULL";
        }
        int fam = b[o] & 0xff;
        if (fam == AF_INET && len >= 7) {
            return ipv4(b, o + 1) + ":" + port(b, o + 5);
        }
        if (fam == AF_INET6 && len >= 19) {
            return ipv6(b, o + 1) + ":" + port(b, o + 17);
        }
        if (fam == AF_UNIX) {
            return cstring(b, o + 1, len - 1);
        }
        return "family " + fam;
    }

    private static String socktuple(byte[] b, int o, int len) {
        if (len == 0) {
            return "NULL";
        }
        int fam = b[o] & 0xff;
        if (fam == AF_INET && len >= 13) {
            return ipv4(b, o + 1) + ":" + port(b, o + 5) + "->" + ipv4(b, o + 7) + ":" + port(b, o + 11);
        }
        if (fam == AF_INET6 && len >= 37) {
            return ipv6(b, o + 1) + ":" + port(b, o + 17) + "->" + ipv6(b, o + 19) + ":" + port(b, o + 35);
        }
        if (fam == AF_UNIX && len >= 17) {
            return cstring(b, o + 17, len - 17);
        }
        return "family " + fam;
    }

    static String cstring(byte[] b, int o, int len) {
        int e = o;
        while (e < o + len && b[e] != 0) {
            e++;
        }
        return new String(b, o, e - o, StandardCharsets.UTF_8);
    }
}
