package dev.peregrine.outputs.cloudwatch;

import org.msgpack.value.MapValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which group and stream a record goes to. Templates are tried first and the plain names are the fallback, as in
 * both plugins: {@code log_group_template} then {@code log_group_name}; a Go-style {@code $(...)} in
 * {@code log_group_name} then {@code default_log_group_name}; for streams {@code log_stream_template}, then
 * {@code log_stream_name}, or {@code log_stream_prefix} followed by the tag.
 */
final class StreamTargets {
    private final List<NameTemplate> groupTemplates = new ArrayList<>();
    private final String groupFallback;
    private final List<NameTemplate> streamTemplates = new ArrayList<>();
    private final String streamFallback;
    private final String streamPrefix;
    /** Names per tag when no template depends on the record: one map lookup per event instead of string work. */
    private final Map<String, StreamKey> byTag = new ConcurrentHashMap<>();

    StreamTargets(CloudWatchOptions o) {
        if (o.logGroupTemplate() != null) {
            groupTemplates.add(NameTemplate.compile(o.logGroupTemplate()));
        }
        if (o.logGroupName().contains("$(")) {
            groupTemplates.add(NameTemplate.compile(o.logGroupName()));
            groupFallback = o.defaultLogGroupName();
        } else {
            groupFallback = o.logGroupName();
        }
        if (o.logStreamTemplate() != null) {
            streamTemplates.add(NameTemplate.compile(o.logStreamTemplate()));
        }
        if (o.logStreamName() != null && o.logStreamName().contains("$(")) {
            streamTemplates.add(NameTemplate.compile(o.logStreamName()));
            streamFallback = o.defaultLogStreamName();
        } else {
            streamFallback = o.logStreamName();
        }
        streamPrefix = o.logStreamPrefix();
    }

    /** Whether names depend on record contents (then each record's body is read). */
    boolean dynamic() {
        return !groupTemplates.isEmpty() || !streamTemplates.isEmpty();
    }

    StreamKey resolve(String tag, Supplier<MapValue> record) {
        if (!dynamic()) {
            StreamKey k = byTag.get(tag);
            if (k == null) {
                if (byTag.size() > 10_000) {
                    byTag.clear();
                }
                k = new StreamKey(groupFallback, streamFallback != null ? streamFallback : streamPrefix + tag);
                byTag.put(tag, k);
            }
            return k;
        }
        MapValue body = record.get();
        String group = first(groupTemplates, tag, body);
        if (group == null) {
            group = groupFallback;
        }
        String stream = first(streamTemplates, tag, body);
        if (stream == null) {
            stream = streamFallback != null ? streamFallback : streamPrefix + tag;
        }
        return new StreamKey(group, stream);
    }

    private static String first(List<NameTemplate> templates, String tag, MapValue body) {
        for (NameTemplate t : templates) {
            String s = t.render(tag, body);
            if (s != null) {
                return s;
            }
        }
        return null;
    }
}
