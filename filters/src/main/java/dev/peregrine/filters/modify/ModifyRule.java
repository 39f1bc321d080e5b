package dev.peregrine.filters.modify;

import dev.peregrine.pipeline.parser.RubyRegex;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One modifying rule. Each rule sees the record as the previous rule left it. Key comparisons are exact and
 * case-sensitive (string or binary keys); wildcards are key prefixes; new keys and Set/Add values are strings.
 */
record ModifyRule(Type type, String key, String value, RubyRegex keyRegex) {
    enum Type {
        SET, ADD, REMOVE, REMOVE_WILDCARD, REMOVE_REGEX, MOVE_TO_START, MOVE_TO_END, RENAME, HARD_RENAME, COPY,
        HARD_COPY
    }

    /**
     * Applies this rule to alternating keys and values.
     *
     * @return the new list, or null when the rule does not apply (the record is left as it is)
     */
    List<Value> apply(List<Value> kvs) {
        return switch (type) {
            case SET -> set(kvs);
            case ADD -> count(kvs, key) == 0 ? append(kvs, key, value) : null;
            case REMOVE -> removeWhere(kvs, k -> strEquals(k, key));
            case REMOVE_WILDCARD -> removeWhere(kvs, k -> prefix(k, key));
            case REMOVE_REGEX -> removeWhere(kvs, k -> regexMatches(k, keyRegex));
            case MOVE_TO_START -> move(kvs, true);
            case MOVE_TO_END -> move(kvs, false);
            case RENAME -> rename(kvs, false);
            case HARD_RENAME -> rename(kvs, true);
            case COPY -> copy(kvs, false);
            case HARD_COPY -> copy(kvs, true);
        };
    }

    private List<Value> set(List<Value> kvs) {
        List<Value> out = new ArrayList<>(kvs.size() + 2);
        for (int i = 0; i < kvs.size(); i += 2) {
            if (!strEquals(kvs.get(i), key)) {
                out.add(kvs.get(i));
                out.add(kvs.get(i + 1));
            }
        }
        out.add(ValueFactory.newString(key));
        out.add(ValueFactory.newString(value));
        return out;
    }

    private static List<Value> append(List<Value> kvs, String k, String v) {
        List<Value> out = new ArrayList<>(kvs.size() + 2);
        out.addAll(kvs);
        out.add(ValueFactory.newString(k));
        out.add(ValueFactory.newString(v));
        return out;
    }

    private interface KeyTest {
        boolean test(Value key);
    }

    private static List<Value> removeWhere(List<Value> kvs, KeyTest t) {
        List<Value> out = null;
        for (int i = 0; i < kvs.size(); i += 2) {
            if (t.test(kvs.get(i))) {
                if (out == null) {
                    out = new ArrayList<>(kvs.subList(0, i));
                }
            } else if (out != null) {
                out.add(kvs.get(i));
                out.add(kvs.get(i + 1));
            }
        }
        return out;
    }

    private List<Value> move(List<Value> kvs, boolean toStart) {
        List<Value> matching = new ArrayList<>();
        List<Value> others = new ArrayList<>();
        for (int i = 0; i < kvs.size(); i += 2) {
            List<Value> dst = prefix(kvs.get(i), key) ? matching : others;
            dst.add(kvs.get(i));
            dst.add(kvs.get(i + 1));
        }
        if (matching.isEmpty()) {
            return null;
        }
        List<Value> out = new ArrayList<>(kvs.size());
        out.addAll(toStart ? matching : others);
        out.addAll(toStart ? others : matching);
        return out;
    }

    private List<Value> rename(List<Value> kvs, boolean hard) {
        if (count(kvs, key) == 0) {
            return null;
        }
        int conflicts = count(kvs, value);
        if (conflicts > 0 && !hard) {
            return null;
        }
        Value newKey = ValueFactory.newString(value);
        List<Value> out = new ArrayList<>(kvs.size());
        for (int i = 0; i < kvs.size(); i += 2) {
            Value k = kvs.get(i);
            if (strEquals(k, value)) {
                continue;
            }
            out.add(strEquals(k, key) ? newKey : k);
            out.add(kvs.get(i + 1));
        }
        return out;
    }

    private List<Value> copy(List<Value> kvs, boolean hard) {
        if (count(kvs, key) != 1) {
            return null;
        }
        int conflicts = count(kvs, value);
        if ((!hard && conflicts > 0) || conflicts > 1) {
            return null;
        }
        Value newKey = ValueFactory.newString(value);
        List<Value> out = new ArrayList<>(kvs.size() + 2);
        for (int i = 0; i < kvs.size(); i += 2) {
            Value k = kvs.get(i);
            if (strEquals(k, value)) {
                continue;
            }
            out.add(k);
            out.add(kvs.get(i + 1));
            if (strEquals(k, key)) {
                out.add(newKey);
                out.add(kvs.get(i + 1));
            }
        }
        return out;
    }

    private static int count(List<Value> kvs, String k) {
        int n = 0;
        for (int i = 0; i < kvs.size(); i += 2) {
            if (strEquals(kvs.get(i), k)) {
                n++;
            }
        }
        return n;
    }

    /** A string or binary value equal to {@code s}, byte for byte. */
    static boolean strEquals(Value v, String s) {
        if (v.isStringValue()) {
            return v.asStringValue().asString().equals(s);
        }
        if (v.isBinaryValue()) {
            return Arrays.equals(v.asBinaryValue().asByteArray(), s.getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }

    /** A string or binary value starting with {@code p}. */
    static boolean prefix(Value v, String p) {
        if (v.isStringValue()) {
            return v.asStringValue().asString().startsWith(p);
        }
        if (v.isBinaryValue()) {
            return new String(v.asBinaryValue().asByteArray(), StandardCharsets.UTF_8).startsWith(p);
        }
        return false;
    }

    /** Regex match on a string, or on a boolean as "true"/"false"; never on binaries or numbers. */
    static boolean regexMatches(Value v, RubyRegex r) {
        if (r == null) {
            return false;
        }
        if (v.isStringValue()) {
            return r.find(v.asStringValue().asString());
        }
        if (v.isBooleanValue()) {
            return r.find(v.asBooleanValue().getBoolean() ? "true" : "false");
        }
        return false;
    }
}
