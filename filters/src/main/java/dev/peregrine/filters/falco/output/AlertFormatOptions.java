package dev.peregrine.filters.falco.output;

import java.time.ZoneId;
import java.util.List;

/**
 * How alerts are rendered; defaults are Falco's ({@code falco.yaml}).
 *
 * @param timeIso8601              {@code time_format_iso_8601}: prefix with {@code %evt.time.iso8601} instead of
 *                                 local {@code %evt.time}
 * @param zone                     the local time zone for {@code %evt.time} (Falco: the host's)
 * @param hostname                 the {@code hostname} JSON property
 * @param includeOutput            {@code json_include_output_property}
 * @param includeTags              {@code json_include_tags_property}
 * @param includeMessage           {@code json_include_message_property}
 * @param includeOutputFields      {@code json_include_output_fields_property}
 * @param appendOutput             formats appended to every rule output ({@code append_output}), each after a
 *                                 space; {@link AlertFormatter#SUGGESTED_OUTPUT} is what
 *                                 {@code suggested_output: true} adds with the container plugin
 */
public record AlertFormatOptions(boolean timeIso8601, ZoneId zone, String hostname, boolean includeOutput,
                                 boolean includeTags, boolean includeMessage, boolean includeOutputFields,
                                 List<String> appendOutput) {
    public AlertFormatOptions {
        appendOutput = List.copyOf(appendOutput);
    }

    /** Falco's defaults with the given host name, suggested container/k8s fields appended. */
    public static AlertFormatOptions defaults(String hostname) {
        return new AlertFormatOptions(false, ZoneId.systemDefault(), hostname, true, true, false, true,
                List.of(AlertFormatter.SUGGESTED_OUTPUT));
    }

    public AlertFormatOptions withTimeIso8601(boolean on) {
        return new AlertFormatOptions(on, zone, hostname, includeOutput, includeTags, includeMessage,
                includeOutputFields, appendOutput);
    }

    public AlertFormatOptions withZone(ZoneId z) {
        return new AlertFormatOptions(timeIso8601, z, hostname, includeOutput, includeTags, includeMessage,
                includeOutputFields, appendOutput);
    }

    public AlertFormatOptions withAppendOutput(List<String> formats) {
        return new AlertFormatOptions(timeIso8601, zone, hostname, includeOutput, includeTags, includeMessage,
                includeOutputFields, formats);
    }

    public AlertFormatOptions withJsonProperties(boolean output, boolean tags, boolean message, boolean fields) {
        return new AlertFormatOptions(timeIso8601, zone, hostname, output, tags, message, fields, appendOutput);
    }
}
