package dev.peregrine.syscalls.state;

/**
 * One open file descriptor ({@code sinsp_fdinfo}): kind, name as {@code fd.name} prints it and, for sockets,
 * the address tuple. IPv4 addresses are kept as {@code int} in network order read big-endian
 * ({@code 127.0.0.1 = 0x7f000001}); IPv6 as 16 bytes. For a client socket {@code sip/sport} is the client
 * (local) side and {@code dip/dport} the server, as in libsinsp.
 *
 * <p>Mutable; owned by the thread that parses events.
 */
public final class FdInfo {
    public static final int ROLE_NONE = 0;
    public static final int ROLE_CLIENT = 1;
    public static final int ROLE_SERVER = 2;

    /** {@code FLAGS_SOCKET_CONNECTED}-style bits of libsinsp kept here. */
    public static final int FLAG_CONNECTED = 1;
    public static final int FLAG_CONNECTION_PENDING = 2;
    public static final int FLAG_CONNECTION_FAILED = 4;

    public FdType type = FdType.UNKNOWN;
    public String name = "";
    public String nameRaw = "";
    public long ino;
    public int dev;
    public int openFlags;
    public int role;
    public int flags;
    public int l4proto;
    public int sip;
    public int dip;
    public byte[] sip6;
    public byte[] dip6;
    public int sport;
    public int dport;
    public long unixSource;
    public long unixDest;
    public long pid;
    /**
     * {@code fd.directory} / {@code fd.filename} of a file, cached with the {@link #name} they were cut from:
     * reads and writes on one fd ask for them again and again; a rename of the fd (new name) misses the cache.
     */
    public String directoryOf;
    public String directory;
    public String filenameOf;
    public String filename;

    public FdInfo() {
    }

    public FdInfo(FdType type, String name) {
        this.type = type;
        this.name = name;
    }

    public FdInfo copy() {
        FdInfo c = new FdInfo(type, name);
        c.nameRaw = nameRaw;
        c.ino = ino;
        c.dev = dev;
        c.openFlags = openFlags;
        c.role = role;
        c.flags = flags;
        c.l4proto = l4proto;
        c.sip = sip;
        c.dip = dip;
        c.sip6 = sip6;
        c.dip6 = dip6;
        c.sport = sport;
        c.dport = dport;
        c.unixSource = unixSource;
        c.unixDest = unixDest;
        c.pid = pid;
        return c;
    }

    /** Socket l4 protocols ({@code enum scap_l4_proto}). */
    public static String l4protoName(int p) {
        switch (p) {
            case 1: return "<NA>";
            case 2: return "tcp";
            case 3: return "udp";
            case 4: return "icmp";
            case 5: return "raw";
            default: return "<NA>";
        }
    }

    @Override
    public String toString() {
        return type.typeChar() + ":" + name;
    }
}
