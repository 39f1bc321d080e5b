package dev.peregrine.filters.falco.compile;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address and network literals without ever doing a DNS lookup. */
final class IpLiterals {
    private IpLiterals() {
    }

    /** 4 or 16 bytes, or null if not an IP literal. */
    static byte[] address(Object v) {
        if (v instanceof byte[] b) {
            return b.length == 4 || b.length == 16 ? b : null;
        }
        if (v instanceof InetAddress a) {
            return a.getAddress();
        }
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        if (s.indexOf(':') >= 0) {
            if (!s.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }

    /** A network: address bytes plus prefix length. */
    record Net(byte[] addr, int prefix) {
        boolean contains(byte[] ip) {
            if (ip == null || ip.length != addr.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != addr[i]) {
                    return false;
                }
            }
            int rem = prefix % 8;
            if (rem == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rem)) & 0xFF;
            return (ip[full] & mask) == (addr[full] & mask);
        }
    }

    static Net network(String s) {
        int slash = s.indexOf('/');
        byte[] a = address(slash < 0 ? s : s.substring(0, slash));
        if (a == null) {
            return null;
        }
        int prefix = a.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > a.length * 8) {
                return null;
            }
        }
        return new Net(a, prefix);
    }
}
