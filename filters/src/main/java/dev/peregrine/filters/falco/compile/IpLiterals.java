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
        return ipv4(s);
    }

    /** Dotted-quad IPv4 with 1-3 digits per part, hand-parsed: this runs per event for string-valued fields. */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int digits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return null;
                }
                n = n * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && part < 3) {
                if (n > 255) {
                    return null;
                }
                out[part++] = (byte) n;
                digits = 0;
                n = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0 || n > 255) {
            return null;
        }
        out[3] = (byte) n;
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
