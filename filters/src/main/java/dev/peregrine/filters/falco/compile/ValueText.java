package dev.peregrine.filters.falco.compile;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** Converts extracted values to the string form string operators work on. */
public final class ValueText {
    private ValueText() {
    }

    public static String of(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        if (v instanceof InetAddress a) {
            return a.getHostAddress();
        }
        return String.valueOf(v);
    }
}
