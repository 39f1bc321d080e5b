package dev.peregrine.filters.recordmodifier;

import org.msgpack.value.Value;

import java.nio.charset.StandardCharsets;

/**
 * A Remove_key / Allowlist_key entry: compared case-insensitively with string or binary keys; a trailing {@code *}
 * makes it a prefix.
 */
record KeyMatcher(String key, boolean prefix) {
    static KeyMatcher of(String spec) {
        if (!spec.isEmpty() && spec.charAt(spec.length() - 1) == '*') {
            return new KeyMatcher(spec.substring(0, spec.length() - 1), true);
        }
        return new KeyMatcher(spec, false);
    }

    boolean matches(Value k) {
        String s;
        if (k.isStringValue()) {
            s = k.asStringValue().asString();
        } else if (k.isBinaryValue()) {
            s = new String(k.asBinaryValue().asByteArray(), StandardCharsets.UTF_8);
        } else {
            return false;
        }
        if (prefix) {
            return s.regionMatches(true, 0, key, 0, key.length());
        }
        return s.length() == key.length() && s.equalsIgnoreCase(key);
    }
}
