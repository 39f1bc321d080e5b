package dev.peregrine.pipeline.accessor;

import dev.peregrine.pipeline.parser.RubyRegex;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A record accessor: a path into a record such as {@code $log}, {@code $kubernetes['labels']['app']} or
 * {@code $items[0]['name']} ({@code flb_ra_key.c}). A pattern without {@code $} names a top-level key as is (that is
 * how Fluent Bit treats e.g. grep's {@code level} or modify's {@code Key_exists code}).
 *
 * <p>Lookup rules, as in Fluent Bit:
 * <ul>
 *   <li>keys compare exactly and only string keys match; with duplicate keys the <em>last</em> one wins;</li>
 *   <li>an integer subscript needs an array and an index in range; a string subscript needs a map;</li>
 *   <li>when the root value is a scalar (neither map nor array) the subscripts are ignored and the root value is
 *   the result.</li>
 * </ul>
 * Immutable and thread-safe; compile once at filter creation.
 */
public final class RecordAccessor {
    private final String pattern;
    private final String key;
    private final Object[] path;

    RecordAccessor(String pattern, String key, List<Object> path) {
        this.pattern = pattern;
        this.key = key;
        this.path = path.toArray();
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException when a {@code $...} part is not a valid key path
     */
    public static RecordAccessor of(String pattern) {
        RecordTemplate t = RecordTemplate.compile(pattern);
        RecordAccessor first = t.firstAccessor();
        if (first == null) {
            throw new IllegalArgumentException("invalid record accessor pattern '" + pattern + "'");
        }
        return first;
    }

    public String pattern() {
        return pattern;
    }

    /** The top-level key. */
    public String key() {
        return key;
    }

    /** The subscripts after the key: {@code String} for map keys, {@code Integer} for array indexes. */
    public List<Object> path() {
        List<Object> l = new ArrayList<>(path.length);
        Collections.addAll(l, path);
        return Collections.unmodifiableList(l);
    }

    /** The value the path points to, or null when the record has no such value. */
    public Value get(MapValue map) {
        Value root = lastValue(map, key);
        if (root == null) {
            return null;
        }
        if (path.length == 0 || !(root.isMapValue() || root.isArrayValue())) {
            return root;
        }
        Value cur = root;
        for (Object p : path) {
            if (p instanceof Integer idx) {
                if (!cur.isArrayValue() || idx >= cur.asArrayValue().size()) {
                    return null;
                }
                cur = cur.asArrayValue().get(idx);
            } else {
                if (!cur.isMapValue()) {
                    return null;
                }
                cur = lastValue(cur.asMapValue(), (String) p);
                if (cur == null) {
                    return null;
                }
            }
        }
        return cur;
    }

    /** Whether the path exists (Fluent Bit's flb_ra_get_kv_pair succeeding). */
    public boolean exists(MapValue map) {
        return get(map) != null;
    }

    /**
     * Regex match on the value (flb_ra_regex_match): only string values match, never numbers, booleans or maps.
     */
    public boolean matches(MapValue map, RubyRegex regex) {
        Value v = get(map);
        return v != null && v.isStringValue() && regex.find(v.asStringValue().asString());
    }

    /** Like {@link #matches} but keeps the captures: the matcher after a successful find, or null. */
    public Matcher match(MapValue map, RubyRegex regex) {
        Value v = get(map);
        if (v == null || !v.isStringValue()) {
            return null;
        }
        Matcher m = regex.matcher(v.asStringValue().asString());
        return m.find() ? m : null;
    }

    /** The value of the last string key equal to {@code name}, or null. */
    static Value lastValue(MapValue map, String name) {
        Value[] kvs = map.getKeyValueArray();
        for (int i = kvs.length - 2; i >= 0; i -= 2) {
            Value k = kvs[i];
            if (k.isStringValue() && k.asStringValue().asString().equals(name)) {
                return kvs[i + 1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
