package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;

/**
 * A parser's Time_Format with Fluent Bit's additions ({@code flb_parser_time_lookup}):
 * <ul>
 *   <li>{@code %L} is fractional seconds: the format is split around it, up to 9 digits are read and the rest of the
 *   format is parsed after them (with the GMT offset reset, as Fluent Bit re-enters strptime);</li>
 *   <li>a format without {@code %Y}, {@code %y} or {@code %s} gets the current year prepended ("%Y " + format), and
 *   the month and day default to today (UTC);</li>
 *   <li>when the format has no zone ({@code %z}, {@code %Z}, {@code %SZ}, {@code %S.%LZ}), Time_Offset is the
 *   zone.</li>
 * </ul>
 */
public final class TimeFormat {
    private final String full;
    private final boolean withYear;
    private final boolean withTz;
    private final String head;
    private final String afterFraction;
    private final long offset;
    /** The last text parsed and its result: log lines within one second often repeat the same time text. */
    private volatile Cached last;

    private record Cached(byte[] text, boolean strict, EventTime time) {
    }

    /**
     * With %L, the text before the fraction (up to the literal ending the part before %L) repeats within a second: the
     * fields it gave are kept and only the fraction and what follows are parsed for a text with the same prefix.
     */
    private final boolean headCacheable;
    private volatile CachedHead lastHead;

    private record CachedHead(byte[] prefix, BrokenDownTime tm) {
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};

    /**
     * @param format        the Time_Format
     * @param offsetSeconds Time_Offset in seconds east of UTC (0 when unset)
     */
    public TimeFormat(String format, long offsetSeconds) {
        this.full = format;
        boolean epoch = false;
        if (format.contains("%Y") || format.contains("%y")) {
            withYear = true;
        } else if (format.contains("%s")) {
            epoch = true;
            withYear = true;
        } else {
            withYear = false;
        }
        withTz = format.contains("%z") || format.contains("%Z") || format.contains("%SZ")
                || format.contains("%S.%LZ");
        String base = withYear || epoch ? format : "%Y " + format;
        int l = base.indexOf("%L");
        if (l >= 0) {
            head = base.substring(0, l);
            afterFraction = base.substring(l + 2);
        } else {
            head = base;
            afterFraction = null;
        }
        this.offset = offsetSeconds;
        this.headCacheable = withYear && afterFraction != null && endsWithLiteral(head);
    }

    /**
     * Whether the format's last token is a literal that is not white space: every conversion before it then reads only
     * text before that literal, so an equal prefix up to it gives equal fields.
     */
    private static boolean endsWithLiteral(String fmt) {
        boolean literal = false;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c == '%') {
                while (i < fmt.length() && (fmt.charAt(i) == 'E' || fmt.charAt(i) == 'O')) {
                    i++;
                }
                i++;
                literal = false;
            } else {
                literal = !Character.isWhitespace(c);
            }
        }
        return literal;
    }

    public String format() {
        return full;
    }

    /**
     * Parses a time string.
     *
     * @param strict Time_Strict: when false, a string that does not fit gives the fields read so far instead of
     *               failing
     * @return the time, or null when it does not fit (strict)
     */
    /**
     * {@link #parse(String, boolean)} of UTF-8 bytes; a text equal to the previous one gives the previous result
     * without parsing again (only for formats with a year, whose result does not depend on today's date, and without
     * %L, whose texts rarely repeat).
     */
    public EventTime parse(byte[] utf8, int off, int len, boolean strict) {
        Cached c = last;
        if (c != null && c.strict == strict
            && java.util.Arrays.equals(c.text, 0, c.text.length, utf8, off, off + len)) {
            return c.time;
        }
        if (headCacheable) {
            CachedHead h = lastHead;
            int n = h == null ? -1 : h.prefix.length;
            if (h != null && len >= n && java.util.Arrays.equals(h.prefix, 0, n, utf8, off, off + n)) {
                return afterHead(utf8, off + n, off + len, h.tm.copy(), strict);
            }
            String text = new String(utf8, off, len, java.nio.charset.StandardCharsets.UTF_8);
            BrokenDownTime tm = new BrokenDownTime();
            int p = Strptime.parse(text, 0, head, tm);
            if (p < 0) {
                return strict ? null : toTime(tm, 0);
            }
            if (ascii(utf8, off, p)) {
                // positions in the text are byte positions when the prefix is ASCII
                lastHead = new CachedHead(java.util.Arrays.copyOfRange(utf8, off, off + p), tm.copy());
            }
            return afterHead(text, p, tm, strict);
        }
        EventTime t = parse(new String(utf8, off, len, java.nio.charset.StandardCharsets.UTF_8), strict);
        if (withYear && afterFraction == null) {
            last = new Cached(java.util.Arrays.copyOfRange(utf8, off, off + len), strict, t);
        }
        return t;
    }

    public EventTime parse(String text, boolean strict) {
        BrokenDownTime tm = new BrokenDownTime();
        String buf = text;
        if (!withYear) {
            BrokenDownTime now = new BrokenDownTime();
            now.setFromEpoch(System.currentTimeMillis() / 1000);
            tm.mon = now.mon;
            tm.mday = now.mday;
            buf = (now.year + 1900) + " " + text;
        }
        int p = Strptime.parse(buf, 0, head, tm);
        if (p < 0) {
            return strict ? null : toTime(tm, 0);
        }
        return afterHead(buf, p, tm, strict);
    }

    private static boolean ascii(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (b[off + i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** The rest of {@link #parse(String, boolean)} once the part before %L gave {@code tm} and ended at {@code p}. */
    private EventTime afterHead(String buf, int p, BrokenDownTime tm, boolean strict) {
        double frac = 0;
        if (afterFraction != null) {
            int end = Math.min(buf.length(), p + 9);
            int digits = 0;
            while (p + digits < end && buf.charAt(p + digits) >= '0' && buf.charAt(p + digits) <= '9') {
                digits++;
            }
            if (digits == 0) {
                return strict ? null : toTime(tm, 0);
            }
            // digits / 10^n is the double nearest to "0.<digits>", the same as parsing that text
            long v = 0;
            for (int i = 0; i < digits; i++) {
                v = v * 10 + (buf.charAt(p + i) - '0');
            }
            frac = (double) v / POW10[digits];
            p += digits;
            p = Strptime.parse(buf, p, afterFraction, tm);
            if (p < 0) {
                return strict ? null : toTime(tm, frac);
            }
        }
        return toTime(tm, frac);
    }

    /**
     * {@link #afterHead(String, int, BrokenDownTime, boolean)} on the bytes after a cached ASCII prefix (so byte
     * positions are character positions): the fraction's digits are read from the bytes, and only what follows them
     * becomes a String, for the rest of the format (an empty rest needs none: it only resets the GMT offset).
     */
    private EventTime afterHead(byte[] b, int p, int end, BrokenDownTime tm, boolean strict) {
        int lim = Math.min(end, p + 9);
        int digits = 0;
        long v = 0;
        while (p + digits < lim && b[p + digits] >= '0' && b[p + digits] <= '9') {
            v = v * 10 + (b[p + digits] - '0');
            digits++;
        }
        if (digits == 0) {
            return strict ? null : toTime(tm, 0);
        }
        double frac = (double) v / POW10[digits];
        p += digits;
        if (afterFraction.isEmpty()) {
            tm.gmtoff = 0;
            return toTime(tm, frac);
        }
        String rest = new String(b, p, end - p, java.nio.charset.StandardCharsets.UTF_8);
        if (Strptime.parse(rest, 0, afterFraction, tm) < 0) {
            return strict ? null : toTime(tm, frac);
        }
        return toTime(tm, frac);
    }

    private EventTime toTime(BrokenDownTime tm, double frac) {
        if (!withTz) {
            tm.gmtoff = offset;
        }
        // Fluent Bit truncates frac * 1e9 to an integer nanosecond count
        int nanos = (int) (frac * 1_000_000_000d);
        if (nanos > 999_999_999) {
            nanos = 999_999_999;
        }
        return new EventTime(tm.toEpochSecond(), nanos);
    }

    /**
     * Reads a Time_Offset value ({@code +0900}, {@code -07:00}, {@code Z}) as Fluent Bit does.
     *
     * @return seconds east of UTC
     * @throws IllegalArgumentException when the value is not an offset
     */
    public static long parseOffset(String s) {
        if (s.startsWith("Z")) {
            return 0;
        }
        int len = s.length();
        if ((s.isEmpty() || (s.charAt(0) != '+' && s.charAt(0) != '-')) || len < 4) {
            throw new IllegalArgumentException("invalid time offset '" + s + "'");
        }
        boolean neg = s.charAt(0) == '-';
        int hour = (s.charAt(1) - '0') * 10 + (s.charAt(2) - '0');
        int min;
        if (len - 1 == 5 && s.charAt(3) == ':') {
            min = (s.charAt(4) - '0') * 10 + (s.charAt(5) - '0');
        } else {
            min = (s.charAt(3) - '0') * 10 + (len > 4 ? s.charAt(4) - '0' : -'0');
        }
        if (hour < 0 || hour > 59 || min < 0 || min > 59) {
            throw new IllegalArgumentException("invalid time offset '" + s + "'");
        }
        long diff = hour * 3600L + min * 60L;
        return neg ? -diff : diff;
    }
}
