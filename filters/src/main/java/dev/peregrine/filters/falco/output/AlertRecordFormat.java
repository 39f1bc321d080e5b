package dev.peregrine.filters.falco.output;

import java.util.Locale;

/** The body of an alert record in the pipeline (plugin option {@code Output_Format}). */
public enum AlertRecordFormat {
    /**
     * Falco's JSON alert as a map: {@code hostname, output, output_fields (typed), priority, rule, source, tags,
     * time}, same keys and order as {@link AlertJson}.
     */
    JSON,
    /** {@code {"output": "<the line Falco prints with json_output: false>"}}. */
    TEXT;

    /** Case-insensitive; null if unknown. */
    public static AlertRecordFormat parse(String s) {
        for (AlertRecordFormat f : values()) {
            if (f.name().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        return null;
    }

    public String display() {
        return name().toLowerCase(Locale.ROOT);
    }
}
