package dev.peregrine.syscalls.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Addresses of the machine's network interfaces ({@code sinsp_network_interfaces}): which socket side is
 * local decides {@code fd.is_server}, {@code fd.lip}/{@code fd.rip}. From a capture's interface list block,
 * or filled by a live source.
 */
public final class NetworkInterfaces {
    /** One interface address; IPv4 as an int in network order ({@code 0x7f000001}), IPv6 as 16 bytes. */
    public record Address(String name, int ipv4, byte[] ipv6) {
    }

    private final List<Address> addresses = new ArrayList<>();

    public void add(Address a) {
        addresses.add(a);
    }

    public List<Address> addresses() {
        return addresses;
    }

    public boolean isLocal(int ipv4) {
        for (Address a : addresses) {
            if (a.ipv6() == null && a.ipv4() == ipv4) {
                return true;
            }
        }
        return false;
    }

    public boolean isLocal(byte[] ipv6) {
        if (ipv6 == null) {
            return false;
        }
        for (Address a : addresses) {
            if (a.ipv6() != null && Arrays.equals(a.ipv6(), ipv6)) {
                return true;
            }
        }
        return false;
    }
}
