package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.parse.ConditionParser;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code in} lists of networks and addresses, matched through {@link IpNetSet}. */
class IpNetSetTest {
    private static boolean eval(String condition, String field, Object value) {
        Filter f = new ConditionCompiler(FieldRegistry.syscall()).compile(ConditionParser.parse(condition));
        return f.matches(new MapFieldSource().put(field, value));
    }

    @Test
    void networksOfMixedPrefixLengths_matchByContainment() throws Exception {
        String rfc1918 = "fd.snet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 8.8.8.8/32, ::1/128)";
        assertTrue(eval(rfc1918, "fd.snet", new byte[] {10, 1, 2, 3}));
        assertTrue(eval(rfc1918, "fd.snet", new byte[] {(byte) 172, 31, (byte) 255, 1}));
        assertFalse(eval(rfc1918, "fd.snet", new byte[] {(byte) 172, 32, 0, 1}));
        assertTrue(eval(rfc1918, "fd.snet", new byte[] {100, 127, 0, 1}));
        assertFalse(eval(rfc1918, "fd.snet", new byte[] {100, (byte) 128, 0, 1}));
        assertTrue(eval(rfc1918, "fd.snet", "8.8.8.8"));
        assertFalse(eval(rfc1918, "fd.snet", "8.8.8.9"));
        assertTrue(eval(rfc1918, "fd.snet", InetAddress.getByName("::1").getAddress()));
        assertFalse(eval(rfc1918, "fd.snet", InetAddress.getByName("::2").getAddress()));
        assertTrue(eval("fd.snet in (0.0.0.0/0)", "fd.snet", new byte[] {1, 2, 3, 4}));
    }

    @Test
    void addresses_matchExactly_v4AndV6() throws Exception {
        String list = "fd.sip in (1.2.3.4, 10.0.0.1, ::1)";
        assertTrue(eval(list, "fd.sip", new byte[] {1, 2, 3, 4}));
        assertTrue(eval(list, "fd.sip", "10.0.0.1"));
        assertFalse(eval(list, "fd.sip", "10.0.0.2"));
        assertTrue(eval(list, "fd.sip", InetAddress.getByName("::1").getAddress()));
        assertFalse(eval(list, "fd.sip", "not an address"));
    }
}
