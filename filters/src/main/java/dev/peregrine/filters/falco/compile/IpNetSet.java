package dev.peregrine.filters.falco.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The networks of an {@code in}/{@code intersects} list ({@code fd.snet in (rfc_1918_addresses)}, C2 address
 * lists with hundreds of entries) as one lookup: IPv4 networks are grouped by prefix length, each group a hash
 * set of masked addresses, so a test costs one probe per distinct prefix length instead of one comparison per
 * network. IPv6 networks are few and stay a list. A single address is a /32 (or /128) network.
 */
final class IpNetSet {
    private final int[] prefixes;
    private final Set<Integer>[] byPrefix;
    private final List<IpLiterals.Net> v6 = new ArrayList<>();

    @SuppressWarnings("unchecked")
    IpNetSet(List<IpLiterals.Net> nets) {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (IpLiterals.Net n : nets) {
            if (n.addr().length == 4) {
                lengths.add(n.prefix());
            } else {
                v6.add(n);
            }
        }
        prefixes = lengths.stream().mapToInt(Integer::intValue).toArray();
        byPrefix = new Set[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            byPrefix[i] = new HashSet<>();
        }
        for (IpLiterals.Net n : nets) {
            if (n.addr().length == 4) {
                int i = java.util.Arrays.binarySearch(prefixes, n.prefix());
                byPrefix[i].add(toInt(n.addr()) & mask(n.prefix()));
            }
        }
    }

    boolean contains(byte[] ip) {
        if (ip == null) {
            return false;
        }
        if (ip.length == 4) {
            int a = toInt(ip);
            for (int i = 0; i < prefixes.length; i++) {
                if (byPrefix[i].contains(a & mask(prefixes[i]))) {
                    return true;
                }
            }
            return false;
        }
        for (IpLiterals.Net n : v6) {
            if (n.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
