package dev.peregrine.syscalls.state;

/**
 * {@code fd.name} of sockets as libsinsp builds it: {@code cip:cport->sip:sport} for connected IP sockets,
 * {@code ip:port} for listening ones. IPv4 addresses are ints in network order ({@code 0x7f000001}).
 */
public final class SocketNames {
    private SocketNames() {
    }

    public static String ipv4(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    public static String ipv6(byte[] a) {
        if (a == null) {
            return "";
        }
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "";
        }
    }

    public static String ipv4Tuple(FdInfo f) {
        return ipv4(f.sip) + ":" + f.sport + "->" + ipv4(f.dip) + ":" + f.dport;
    }

    public static String ipv4Server(FdInfo f) {
        return ipv4(f.dip) + ":" + f.dport;
    }

    public static String ipv6Tuple(FdInfo f) {
        return ipv6(f.sip6) + ":" + f.sport + "->" + ipv6(f.dip6) + ":" + f.dport;
    }

    public static String ipv6Server(FdInfo f) {
        return ipv6(f.dip6) + ":" + f.dport;
    }
}
