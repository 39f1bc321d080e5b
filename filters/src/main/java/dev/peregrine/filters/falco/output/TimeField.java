package dev.peregrine.filters.falco.output;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Event-time fields, rendered from the event timestamp rather than read from the event's fields (libsinsp's
 * {@code sinsp_filter_check_gen_event} does the same). In JSON they are the timestamp in integer nanoseconds.
 */
enum TimeField {
    /** {@code HH:MM:SS.nnnnnnnnn}, local time. */
    TIME("evt.time"),
    /** {@code HH:MM:SS}, local time. */
    TIME_S("evt.time.s"),
    /** {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000}: always UTC, as libsinsp formats it with gmtime. */
    TIME_ISO8601("evt.time.iso8601"),
    /** {@code YYYY-MM-DD HH:MM:SS.nnnnnnnnn}, local time. */
    DATETIME("evt.datetime"),
    /** {@code YYYY-MM-DD HH:MM:SS}, local time. */
    DATETIME_S("evt.datetime.s"),
    RAWTIME("evt.rawtime"),
    RAWTIME_S("evt.rawtime.s"),
    RAWTIME_NS("evt.rawtime.ns");

    private final String field;

    TimeField(String field) {
        this.field = field;
    }

    static TimeField of(String field) {
        for (TimeField t : values()) {
            if (t.field.equals(field)) {
                return t;
            }
        }
        return null;
    }

    /** The JSON value: the timestamp in ns for the formatted forms (libsinsp extract_as_js), else the number. */
    long json(long tsNanos) {
        return switch (this) {
            case RAWTIME_S -> Long.divideUnsigned(tsNanos, 1_000_000_000L);
            case RAWTIME_NS -> Long.remainderUnsigned(tsNanos, 1_000_000_000L);
            default -> tsNanos;
        };
    }

    void render(long tsNanos, ZoneId zone, StringBuilder out) {
        long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
        int ns = (int) Math.floorMod(tsNanos, 1_000_000_000L);
        switch (this) {
            case RAWTIME -> out.append(Long.toUnsignedString(tsNanos));
            case RAWTIME_S -> out.append(sec);
            case RAWTIME_NS -> pad(ns, 9, out);
            case TIME_ISO8601 -> {
                LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
                date(t, '-', out);
                out.append('T');
                clock(t, out);
                nanos(ns, out);
                out.append("+0000");
            }
            default -> {
                LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(sec), zone);
                if (this == DATETIME || this == DATETIME_S) {
                    date(t, '-', out);
                    out.append(' ');
                }
                clock(t, out);
                if (this == TIME || this == DATETIME) {
                    nanos(ns, out);
                }
            }
        }
    }

    /** Falco's JSON {@code time}: {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ} in UTC. */
    static String isoUtc(long tsNanos) {
        StringBuilder sb = new StringBuilder(30);
        long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
        date(t, '-', sb);
        sb.append('T');
        clock(t, sb);
        nanos((int) Math.floorMod(tsNanos, 1_000_000_000L), sb);
        return sb.append('Z').toString();
    }

    private static void date(LocalDateTime t, char sep, StringBuilder out) {
        pad(t.getYear(), 4, out);
        out.append(sep);
        pad(t.getMonthValue(), 2, out);
        out.append(sep);
        pad(t.getDayOfMonth(), 2, out);
    }

    private static void clock(LocalDateTime t, StringBuilder out) {
        pad(t.getHour(), 2, out);
        out.append(':');
        pad(t.getMinute(), 2, out);
        out.append(':');
        pad(t.getSecond(), 2, out);
    }

    private static void nanos(int ns, StringBuilder out) {
        out.append('.');
        pad(ns, 9, out);
    }

    private static void pad(int v, int width, StringBuilder out) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }
}
