package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.json.MsgpackBytes;
import dev.peregrine.pipeline.parser.Parser;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multiline state of one file ({@code flb_ml_stream} for each parser of {@code multiline.parser}), following
 * {@code flb_ml_append_text}: the last parser that accepted a line of this file is tried first, then the others in
 * order; a parser may accept a line only when its own parser (if any) parses it. Lines are joined per group (the
 * {@code key_group} value, e.g. the Docker/CRI stream). A line no parser accepts flushes everything pending and goes
 * out on its own as {@code {"log": line}}. Complete records go to the {@link Sink}; not thread-safe (the reader thread
 * owns it).
 *
 * <p>Parsers that write msgpack (JSON, as in {@code docker}) with the endswith/equal types take a path without maps:
 * each line is decoded straight to msgpack bytes, the content, pattern and group values are found in those bytes,
 * and a record's first line is kept as bytes and written out with its content replaced. The records are the same
 * bytes the map path packs.
 */
final class MultilineStream {
    static final int OK = 0;
    static final int TRUNCATED = 1;

    /** Fluent Bit's FLB_ML_BUFFER_LIMIT_DEFAULT (2 MB): what one record may hold with the regex types. */
    static final int BUFFER_LIMIT = 2 * 1024 * 1024;

    private static final Value MULTILINE_TRUNCATED_META = ValueFactory.newMap(
        ValueFactory.newString("multiline_truncated"), ValueFactory.newBoolean(true));
    private static final int PROCESSED = 1;
    private static final int NOT_PROCESSED = 0;
    private static final int FAILED = -1;
    private static final int CAT_TRUNCATED = 2;

    /** Receives complete records. */
    interface Sink {
        /** @param forced the record was flushed by the timeout rather than completed by a line */
        void record(EventTime time, MapValue metadata, MapValue body, boolean forced);

        /**
         * A record whose body is the msgpack map {@code body[off, off+len)}, valid only during the call; by default
         * decoded and passed to {@link #record}.
         */
        default void rawRecord(EventTime time, MapValue metadata, byte[] body, int off, int len, boolean forced) {
            record(time, metadata, Event.raw(time, metadata, body, off, len).body(), forced);
        }
    }

    private static final class Group {
        final ByteBuilder buf = new ByteBuilder(256);
        /** The group's name (key_group value) as bytes, for the msgpack path's lookup. */
        byte[] name;
        MapValue first;
        /** The msgpack path's first line: its record as bytes, valid while {@link #hasFirstRaw}. */
        final ByteSink firstRaw = new ByteSink(256);
        boolean hasFirstRaw;
        EventTime time;
        boolean truncated;
        MultilineSpec.Rule state;
    }

    private final class Instance {
        final MultilineSpec spec;
        final Group defaultGroup = new Group();
        final Map<String, Group> groups = new LinkedHashMap<>();
        /** The values of {@link #groups} in order, looked through for each line without an iterator. */
        final List<Group> groupList = new ArrayList<>();
        /** Lines go through msgpack bytes instead of maps (see the class note). */
        final boolean raw;
        final byte[] keyContent;
        final byte[] keyPattern;
        final byte[] keyGroup;

        Instance(MultilineSpec spec) {
            this.spec = spec;
            raw = spec.parser != null && spec.parser.writesMsgpack() && spec.keyContent != null
                && (spec.type == MultilineSpec.Type.ENDSWITH || spec.type == MultilineSpec.Type.EQUAL);
            keyContent = bytes(spec.keyContent);
            keyPattern = bytes(spec.keyPattern);
            keyGroup = bytes(spec.keyGroup);
        }

        /** The group named by the string at {@code b[pos]} (-1: none), found without building a String. */
        Group group(byte[] b, int pos) {
            if (spec.keyGroup == null || pos < 0) {
                return defaultGroup;
            }
            int h = MsgpackBytes.strHeaderLength(b, pos);
            int n = MsgpackBytes.strLength(b, pos);
            for (int i = 0, size = groupList.size(); i < size; i++) {
                Group g = groupList.get(i);
                if (java.util.Arrays.equals(g.name, 0, g.name.length, b, pos + h, pos + h + n)) {
                    return g;
                }
            }
            Group g = new Group();
            g.name = java.util.Arrays.copyOfRange(b, pos + h, pos + h + n);
            groups.put(new String(g.name, StandardCharsets.UTF_8), g);
            groupList.add(g);
            return g;
        }

        Group group(Value name) {
            if (spec.keyGroup == null || name == null) {
                return defaultGroup;
            }
            String key = name.asStringValue().toString();
            return groups.computeIfAbsent(key, k -> {
                Group g = new Group();
                g.name = name.asStringValue().asByteArray();
                groupList.add(g);
                return g;
            });
        }

        List<Group> all() {
            List<Group> l = new ArrayList<>(groups.size() + 1);
            l.add(defaultGroup);
            l.addAll(groups.values());
            return l;
        }
    }

    private final Instance[] instances;
    private final Sink sink;
    /** The msgpack path's current line, decoded. */
    private final ByteSink line = new ByteSink(1024);
    /** The msgpack path's record being flushed. */
    private final ByteSink record = new ByteSink(1024);
    private final int bufferLimit;
    private int lru = -1;
    private boolean truncatedFlag;

    MultilineStream(List<MultilineSpec> specs, Sink sink) {
        this(specs, sink, BUFFER_LIMIT);
    }

    MultilineStream(List<MultilineSpec> specs, Sink sink, int bufferLimit) {
        instances = new Instance[specs.size()];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = new Instance(specs.get(i));
        }
        this.sink = sink;
        this.bufferLimit = bufferLimit;
    }

    /** The longest flush timeout of the parsers (Fluent Bit keeps the greatest). */
    static int flushMs(List<MultilineSpec> specs) {
        int ms = MultilineSpec.DEFAULT_FLUSH_MS;
        for (MultilineSpec s : specs) {
            ms = Math.max(ms, s.flushMs);
        }
        return ms;
    }

    /** Appends one line (without its newline). @return {@link #OK} or {@link #TRUNCATED} */
    int append(byte[] line, int off, int len) {
        truncatedFlag = false;
        boolean processed = false;
        if (lru >= 0) {
            processed = tryParser(instances[lru], line, off, len) >= 0;
        }
        if (!processed) {
            for (int i = 0; i < instances.length; i++) {
                if (i == lru) {
                    continue;
                }
                if (tryParser(instances[i], line, off, len) >= 0) {
                    lru = i;
                    processed = true;
                    break;
                }
            }
        }
        if (!processed) {
            // a line nobody takes ends every pending record, then goes out alone
            for (Instance in : instances) {
                for (Group g : in.all()) {
                    flush(in, g, false);
                }
            }
            Instance first = instances[0];
            Group g = first.defaultGroup;
            g.time = null;
            cat(g, line, off, len);
            flush(first, g, false);
        }
        return truncatedFlag ? TRUNCATED : OK;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private int tryParser(Instance in, byte[] line, int off, int len) {
        if (in.raw) {
            return tryRaw(in, line, off, len);
        }
        MultilineSpec spec = in.spec;
        EventTime time = null;
        MapValue map = null;
        if (spec.parser != null) {
            Parser.Result r = spec.parser.parse(line, off, len);
            if (r == null) {
                return FAILED;
            }
            map = r.body();
            time = r.time();
        }
        if (time == null) {
            time = EventTime.now();
        }
        if (map == null) {
            return packageContent(in, null, line, off, len, time, null, null, null) == PROCESSED ? 0 : FAILED;
        }
        Value content = stringValue(map, spec.keyContent);
        if (content == null) {
            return FAILED;
        }
        Value pattern = spec.keyPattern != null ? stringValue(map, spec.keyPattern) : null;
        Value group = spec.keyGroup != null ? stringValue(map, spec.keyGroup) : null;
        int r = packageContent(in, map, line, off, len, time, content, pattern, group);
        return r == NOT_PROCESSED || r == FAILED ? FAILED : 0;
    }

    /** {@link #tryParser} for a parser that writes msgpack: the same steps on the line's bytes. */
    private int tryRaw(Instance in, byte[] text, int off, int len) {
        MultilineSpec spec = in.spec;
        line.reset();
        EventTime time = spec.parser.parseTo(text, off, len, line);
        if (time == null) {
            return FAILED;
        }
        if (time == Parser.NO_TIME) {
            time = EventTime.now();
        }
        byte[] b = line.array();
        int content = stringValue(b, in.keyContent);
        if (content < 0) {
            return FAILED;
        }
        int pattern = in.keyPattern != null ? stringValue(b, in.keyPattern) : -1;
        Group g = in.group(b, in.keyGroup != null ? stringValue(b, in.keyGroup) : -1);
        int v = pattern >= 0 ? pattern : content;
        int dOff = v + MsgpackBytes.strHeaderLength(b, v);
        int dLen = MsgpackBytes.strLength(b, v);
        boolean match;
        byte[] m = spec.matchString;
        if (spec.type == MultilineSpec.Type.ENDSWITH) {
            if (dLen < m.length) {
                return FAILED;
            }
            match = regionEquals(b, dOff + dLen - m.length, m);
        } else {
            match = dLen == m.length && regionEquals(b, dOff, m);
        }
        boolean complete = match != spec.negate;
        if (complete && g.first == null && !g.hasFirstRaw && g.buf.length() == 0 && !g.truncated
            && keyCount(b, in.keyContent) == 1) {
            // a record of one line (most Docker lines): the line's bytes are the record flushRaw would rebuild
            sink.rawRecord(time, Event.EMPTY_MAP, b, 0, line.size(), false);
            return 0;
        }
        if (g.first == null && !g.hasFirstRaw) {
            g.time = time;
            g.firstRaw.reset();
            g.firstRaw.write(b, 0, line.size());
            g.hasFirstRaw = true;
        }
        int c = content + MsgpackBytes.strHeaderLength(b, content);
        g.buf.append(b, c, MsgpackBytes.strLength(b, content));
        if (complete) {
            flush(in, g, false);
        }
        return 0;
    }

    /** How many keys of the map at 0 are the string {@code key}. */
    private static int keyCount(byte[] b, byte[] key) {
        int count = MsgpackBytes.mapCount(b, 0);
        int p = MsgpackBytes.mapHeaderLength(b, 0);
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (MsgpackBytes.strEquals(b, p, key)) {
                n++;
            }
            p = MsgpackBytes.skip(b, p);
            p = MsgpackBytes.skip(b, p);
        }
        return n;
    }

    /** The position of the first string value under the string key {@code key} of the map at 0, or -1. */
    private static int stringValue(byte[] b, byte[] key) {
        int count = MsgpackBytes.mapCount(b, 0);
        int p = MsgpackBytes.mapHeaderLength(b, 0);
        for (int i = 0; i < count; i++) {
            boolean k = MsgpackBytes.strEquals(b, p, key);
            p = MsgpackBytes.skip(b, p);
            if (k && MsgpackBytes.strLength(b, p) >= 0) {
                return p;
            }
            p = MsgpackBytes.skip(b, p);
        }
        return -1;
    }

    /** The first value under a string key whose value is a string too ({@code get_key_id}), or null. */
    private static Value stringValue(MapValue map, String key) {
        if (key == null) {
            return null;
        }
        Value[] kv = map.getKeyValueArray();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].isStringValue() && kv[i + 1].isStringValue() && kv[i].asStringValue().toString().equals(key)) {
                return kv[i + 1];
            }
        }
        return null;
    }

    private int packageContent(Instance in, MapValue fullMap, byte[] line, int off, int len, EventTime time,
                               Value content, Value pattern, Value groupName) {
        MultilineSpec spec = in.spec;
        Group g = in.group(groupName);
        byte[] data;
        int dOff;
        int dLen;
        Value v = pattern != null ? pattern : content;
        if (v != null) {
            data = v.asStringValue().asByteArray();
            dOff = 0;
            dLen = data.length;
        } else {
            data = line;
            dOff = off;
            dLen = len;
        }
        switch (spec.type) {
            case REGEX: {
                int r = ruleProcess(in, g, fullMap, line, off, len, time, content);
                if (r == FAILED) {
                    return FAILED;
                }
                if (r != CAT_TRUNCATED && g.first == null) {
                    registerContext(g, time, fullMap);
                }
                return PROCESSED;
            }
            case ENDSWITH: {
                byte[] m = spec.matchString;
                if (dLen < m.length) {
                    return NOT_PROCESSED;
                }
                boolean match = regionEquals(data, dOff + dLen - m.length, m);
                joinPart(in, g, fullMap, time, content, data, dOff, dLen, match != spec.negate);
                return PROCESSED;
            }
            case EQUAL: {
                byte[] m = spec.matchString;
                boolean match = dLen == m.length && regionEquals(data, dOff, m);
                joinPart(in, g, fullMap, time, content, data, dOff, dLen, match != spec.negate);
                return PROCESSED;
            }
            default:
                return NOT_PROCESSED;
        }
    }

    private void joinPart(Instance in, Group g, MapValue fullMap, EventTime time, Value content, byte[] data,
                          int dOff, int dLen, boolean complete) {
        if (g.first == null) {
            registerContext(g, time, fullMap);
        }
        breaklinePrepare(in, g);
        if (content != null) {
            byte[] c = content.asStringValue().asByteArray();
            g.buf.append(c, 0, c.length);
        } else {
            g.buf.append(data, dOff, dLen);
        }
        if (complete) {
            flush(in, g, false);
        }
    }

    private static boolean regionEquals(byte[] a, int off, byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (a[off + i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    private static void registerContext(Group g, EventTime time, MapValue map) {
        if (time != null) {
            g.time = time;
        }
        if (map != null) {
            g.first = map;
        }
    }

    /** Without key_content (raw text), parts are joined with newlines and the record ends with one. */
    private static void breaklinePrepare(Instance in, Group g) {
        if (in.spec.keyContent != null) {
            return;
        }
        int n = g.buf.length();
        if (n > 0 && g.buf.byteAt(n - 1) != '\n') {
            g.buf.append((byte) '\n');
        }
    }

    private int cat(Group g, byte[] data, int off, int len) {
        int status = 0;
        if (bufferLimit > 0) {
            if (g.buf.length() >= bufferLimit) {
                g.truncated = true;
                truncatedFlag = true;
                return CAT_TRUNCATED;
            }
            int avail = bufferLimit - g.buf.length();
            if (len > avail) {
                len = avail;
                g.truncated = true;
                truncatedFlag = true;
                status = CAT_TRUNCATED;
            }
        }
        g.buf.append(data, off, len);
        return status;
    }

    private int ruleProcess(Instance in, Group g, MapValue fullMap, byte[] line, int off, int len, EventTime time,
                            Value content) {
        byte[] data = line;
        int dOff = off;
        int dLen = len;
        if (content != null) {
            data = content.asStringValue().asByteArray();
            dOff = 0;
            dLen = data.length;
        }
        String text = null;
        MultilineSpec.Rule matched = null;
        if (g.state != null) {
            text = new String(data, dOff, dLen, StandardCharsets.UTF_8);
            for (MultilineSpec.Rule r : g.state.next) {
                if (r.start) {
                    continue;
                }
                if (r.regex.find(text)) {
                    int n = g.buf.length();
                    if (n >= 1 && g.buf.byteAt(n - 1) != '\n') {
                        g.buf.append((byte) '\n');
                    }
                    if (dLen == 0) {
                        g.buf.append((byte) '\n');
                    } else if (cat(g, data, dOff, dLen) == CAT_TRUNCATED) {
                        flush(in, g, false);
                        g.state = null;
                        return CAT_TRUNCATED;
                    }
                    matched = r;
                    break;
                }
            }
        }
        if (matched == null) {
            if (text == null) {
                text = new String(data, dOff, dLen, StandardCharsets.UTF_8);
            }
            for (MultilineSpec.Rule r : in.spec.rules) {
                if (r.start && r.regex.find(text)) {
                    matched = r;
                    break;
                }
            }
            if (matched != null) {
                if (g.buf.length() > 0) {
                    flush(in, g, false);
                }
                g.state = matched;
                if (cat(g, data, dOff, dLen) == CAT_TRUNCATED) {
                    return CAT_TRUNCATED;
                }
                registerContext(g, time, fullMap);
            }
        }
        if (matched == null) {
            return FAILED;
        }
        g.state = matched;
        boolean nextStart = false;
        for (MultilineSpec.Rule r : matched.next) {
            if (r.start) {
                nextStart = true;
                break;
            }
        }
        if (nextStart && g.buf.length() > 0) {
            flush(in, g, false);
        }
        return 0;
    }

    /** Flushes every pending group (the multiline flush timer). */
    void flushPending(boolean forced) {
        for (Instance in : instances) {
            for (Group g : in.all()) {
                flush(in, g, forced);
            }
        }
    }

    /** Whether any group holds data. */
    boolean hasPending() {
        for (Instance in : instances) {
            for (Group g : in.all()) {
                if (g.buf.length() > 0 || g.first != null || g.hasFirstRaw) {
                    return true;
                }
            }
        }
        return false;
    }

    private void flush(Instance in, Group g, boolean forced) {
        breaklinePrepare(in, g);
        if (g.hasFirstRaw) {
            flushRaw(in, g, forced);
            return;
        }
        MapValue body = null;
        if (g.first != null) {
            if (g.buf.length() > 0) {
                Value[] kv = g.first.getKeyValueArray();
                Value[] out = new Value[kv.length];
                String key = in.spec.keyContent;
                for (int i = 0; i < kv.length; i += 2) {
                    out[i] = kv[i];
                    if (key != null && kv[i].isStringValue() && kv[i].asStringValue().toString().equals(key)) {
                        out[i + 1] = ValueFactory.newString(g.buf.toByteArray());
                    } else {
                        out[i + 1] = kv[i + 1];
                    }
                }
                body = ValueFactory.newMap(out);
            } else {
                body = g.first;
            }
        } else if (g.buf.length() > 0) {
            String key = in.spec.keyContent != null ? in.spec.keyContent : "log";
            body = ValueFactory.newMap(ValueFactory.newString(key), ValueFactory.newString(g.buf.toByteArray()));
        }
        if (body != null) {
            EventTime t = g.time != null ? g.time : EventTime.now();
            MapValue meta = g.truncated ? MULTILINE_TRUNCATED_META.asMapValue() : Event.EMPTY_MAP;
            sink.record(t, meta, body, forced);
        }
        reset(g);
    }

    private static void reset(Group g) {
        g.first = null;
        g.hasFirstRaw = false;
        g.buf.reset();
        g.truncated = false;
        g.time = null;
    }

    /** {@link #flush} of a first line kept as bytes: every key_content value replaced by the joined content. */
    private void flushRaw(Instance in, Group g, boolean forced) {
        byte[] f = g.firstRaw.array();
        byte[] body = f;
        int len = g.firstRaw.size();
        if (g.buf.length() > 0) {
            record.reset();
            int count = MsgpackBytes.mapCount(f, 0);
            int h = MsgpackBytes.mapHeaderLength(f, 0);
            record.write(f, 0, h);
            int p = h;
            for (int i = 0; i < count; i++) {
                int k = p;
                p = MsgpackBytes.skip(f, p);
                int v = p;
                p = MsgpackBytes.skip(f, p);
                if (MsgpackBytes.strEquals(f, k, in.keyContent)) {
                    record.write(f, k, v - k);
                    MsgpackBytes.str(record, g.buf.array(), 0, g.buf.length());
                } else {
                    record.write(f, k, p - k);
                }
            }
            body = record.array();
            len = record.size();
        }
        EventTime t = g.time != null ? g.time : EventTime.now();
        MapValue meta = g.truncated ? MULTILINE_TRUNCATED_META.asMapValue() : Event.EMPTY_MAP;
        sink.rawRecord(t, meta, body, 0, len, forced);
        reset(g);
    }
}
