package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.rules.Priority;

import java.util.List;
import java.util.SortedMap;

/**
 * One Falco alert, fully rendered.
 *
 * @param rule         rule name ({@code Falco internal: syscall event drop} for internal alerts)
 * @param source       {@code syscall}, or {@code internal}
 * @param priority     the rule's priority
 * @param tags         the rule's tags sorted as Falco's {@code std::set} (byte order); null for internal alerts,
 *                     whose JSON has no {@code tags} key
 * @param timeNanos    event time, ns since the epoch
 * @param hostname     the {@code hostname} JSON property
 * @param output       the JSON {@code output} property: {@code "<time>: <Priority> <message>"} for rule alerts
 * @param message      the rendered rule output without time and priority
 * @param outputFields the {@code output_fields} object: typed values (Long, BigInteger, Double, Boolean, String,
 *                     List, or null when missing), keys sorted
 * @param textLine     the line Falco prints with {@code json_output: false} (for rule alerts: {@code output} with
 *                     control characters, quotes and backslashes escaped as in a JSON string)
 */
public record Alert(String rule, String source, Priority priority, List<String> tags, long timeNanos,
                    String hostname, String output, String message, SortedMap<String, Object> outputFields,
                    String textLine) {

    public static final String SOURCE_INTERNAL = "internal";

    public boolean internal() {
        return SOURCE_INTERNAL.equals(source);
    }

    /** The JSON {@code time} property: {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}, UTC. */
    public String isoTime() {
        return TimeField.isoUtc(timeNanos);
    }
}
