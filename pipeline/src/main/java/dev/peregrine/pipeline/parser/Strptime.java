package dev.peregrine.pipeline.parser;


/**
 * Fluent Bit's {@code flb_strptime}: the BSD strptime with the C locale, plus {@code %s} (epoch seconds), {@code %z}
 * ({@code +hh[:]mm}, {@code Z}, {@code UTC}, {@code GMT}, US zone names) and {@code %Z} (a table of zone
 * abbreviations). Input need not be consumed entirely: the position after the last conversion is returned.
 * {@code %L} (fractional seconds) is not handled here but by {@link TimeFormat}, which splits the format around it.
 */
public final class Strptime {
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};
    private static final String[] ABDAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] ABMONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] NAST = {"EST", "CST", "MST", "PST"};
    private static final String[] NADT = {"EDT", "CDT", "MDT", "PDT"};
    private static final Object[][] ZONES = {
        {"GMT", 0}, {"UTC", 0}, {"Z", 0}, {"UT", 0}, {"EST", -5 * 3600}, {"EDT", -4 * 3600}, {"CST", -6 * 3600},
        {"CDT", -5 * 3600}, {"MST", -7 * 3600}, {"MDT", -6 * 3600}, {"PST", -8 * 3600}, {"PDT", -7 * 3600},
        {"AKST", -9 * 3600}, {"AKDT", -8 * 3600}, {"HST", -10 * 3600}, {"HADT", -9 * 3600}, {"AST", -4 * 3600},
        {"ADT", -3 * 3600}, {"NST", -12600}, {"NDT", -9000}, {"WET", 0}, {"WEST", 3600}, {"CET", 3600},
        {"CEST", 7200}, {"EET", 7200}, {"EEST", 10800}, {"MSK", 10800}, {"ART", -3 * 3600}, {"BRT", -3 * 3600},
        {"BRST", -2 * 3600}, {"CLT", -4 * 3600}, {"CLST", -3 * 3600}, {"AEST", 36000}, {"AEDT", 39600},
        {"ACST", 34200}, {"ACDT", 37800}, {"AWST", 28800}, {"NZST", 43200}, {"NZDT", 46800}, {"JST", 32400},
        {"KST", 32400}, {"SGT", 28800}, {"IST", 19800}, {"GST", 14400}, {"ICT", 25200}, {"WIB", 25200},
        {"WITA", 28800}, {"WIT", 32400}, {"MYT", 28800}, {"BDT", 21600}, {"NPT", 20700}, {"WAT", 3600},
        {"CAT", 7200}, {"EAT", 10800}, {"SAST", 7200}, {"A", 3600}, {"B", 7200}, {"C", 10800}, {"D", 14400},
        {"E", 18000}, {"F", 21600}, {"G", 25200}, {"H", 28800}, {"I", 32400}, {"K", 36000}, {"L", 39600},
        {"M", 43200}, {"N", -3600}, {"O", -7200}, {"P", -10800}, {"Q", -14400}, {"R", -18000}, {"S", -21600},
        {"T", -25200}, {"U", -28800}, {"V", -32400}, {"W", -36000}, {"X", -39600}, {"Y", -43200},
    };

    private static final int F_MON = 1;
    private static final int F_MDAY = 2;
    private static final int F_WDAY = 4;
    private static final int F_YDAY = 8;
    private static final int F_YEAR = 16;

    /** Parser state shared by nested conversions (%T, %D...), as the C code keeps it in statics. */
    private static final class State {
        int century = 1900;
        int relyear = -1;
        int fields;
    }

    private Strptime() {
    }

    /**
     * Parses {@code buf} from {@code pos} with {@code fmt} into {@code tm} (gmtoff reset to 0 first).
     *
     * @return the index after the parsed text, or -1 when the text does not fit
     */
    public static int parse(String buf, int pos, String fmt, BrokenDownTime tm) {
        tm.gmtoff = 0;
        State st = new State();
        int r = run(buf, pos, fmt, tm, st);
        if (r < 0) {
            return -1;
        }
        finish(tm, st);
        return r;
    }

    private static int run(String buf, int bp, String fmt, BrokenDownTime tm, State st) {
        int fi = 0;
        int n = buf.length();
        while (fi < fmt.length()) {
            char c = fmt.charAt(fi);
            if (isSpace(c)) {
                while (bp < n && isSpace(buf.charAt(bp))) {
                    bp++;
                }
                fi++;
                continue;
            }
            if (bp >= n) {
                return -1;
            }
            fi++;
            if (c != '%') {
                if (buf.charAt(bp++) != c) {
                    return -1;
                }
                continue;
            }
            if (fi >= fmt.length()) {
                return -1;
            }
            c = fmt.charAt(fi++);
            while (c == 'E' || c == 'O') {
                if (fi >= fmt.length()) {
                    return -1;
                }
                c = fmt.charAt(fi++);
            }
            int[] out = new int[1];
            switch (c) {
                case '%' -> {
                    if (buf.charAt(bp++) != '%') {
                        return -1;
                    }
                }
                case 'c' -> bp = run(buf, bp, "%a %b %e %H:%M:%S %Y", tm, st);
                case 'D', 'x' -> bp = run(buf, bp, "%m/%d/%y", tm, st);
                case 'F' -> bp = run(buf, bp, "%Y-%m-%d", tm, st);
                case 'R' -> bp = run(buf, bp, "%H:%M", tm, st);
                case 'r' -> bp = run(buf, bp, "%I:%M:%S %p", tm, st);
                case 'T', 'X' -> bp = run(buf, bp, "%H:%M:%S", tm, st);
                case 'A', 'a' -> {
                    int i;
                    int len = 0;
                    for (i = 0; i < 7; i++) {
                        len = DAYS[i].length();
                        if (prefixIgnoreCase(buf, bp, DAYS[i])) {
                            break;
                        }
                        len = ABDAYS[i].length();
                        if (prefixIgnoreCase(buf, bp, ABDAYS[i])) {
                            break;
                        }
                    }
                    if (i == 7) {
                        return -1;
                    }
                    tm.wday = i;
                    bp += len;
                    st.fields |= F_WDAY;
                }
                case 'B', 'b', 'h' -> {
                    int i;
                    int len = 0;
                    for (i = 0; i < 12; i++) {
                        len = MONTHS[i].length();
                        if (prefixIgnoreCase(buf, bp, MONTHS[i])) {
                            break;
                        }
                        len = ABMONTHS[i].length();
                        if (prefixIgnoreCase(buf, bp, ABMONTHS[i])) {
                            break;
                        }
                    }
                    if (i == 12) {
                        return -1;
                    }
                    tm.mon = i;
                    bp += len;
                    st.fields |= F_MON;
                }
                case 'C' -> {
                    bp = convNum(buf, bp, out, 0, 99);
                    st.century = out[0] * 100;
                }
                case 'e', 'd' -> {
                    if (c == 'e' && bp < n && isSpace(buf.charAt(bp))) {
                        bp++;
                    }
                    bp = convNum(buf, bp, out, 1, 31);
                    tm.mday = out[0];
                    st.fields |= F_MDAY;
                }
                case 'k', 'H' -> {
                    bp = convNum(buf, bp, out, 0, 23);
                    tm.hour = out[0];
                }
                case 'l', 'I' -> {
                    bp = convNum(buf, bp, out, 1, 12);
                    tm.hour = out[0];
                }
                case 'j' -> {
                    bp = convNum(buf, bp, out, 1, 366);
                    tm.yday = out[0] - 1;
                    st.fields |= F_YDAY;
                }
                case 'M' -> {
                    bp = convNum(buf, bp, out, 0, 59);
                    tm.min = out[0];
                }
                case 'm' -> {
                    bp = convNum(buf, bp, out, 1, 12);
                    tm.mon = out[0] - 1;
                    st.fields |= F_MON;
                }
                case 'p' -> {
                    if (prefixIgnoreCase(buf, bp, "AM")) {
                        if (tm.hour > 12) {
                            return -1;
                        } else if (tm.hour == 12) {
                            tm.hour = 0;
                        }
                        bp += 2;
                    } else if (prefixIgnoreCase(buf, bp, "PM")) {
                        if (tm.hour > 12) {
                            return -1;
                        } else if (tm.hour < 12) {
                            tm.hour += 12;
                        }
                        bp += 2;
                    } else {
                        return -1;
                    }
                }
                case 'S' -> {
                    bp = convNum(buf, bp, out, 0, 60);
                    tm.sec = out[0];
                }
                case 's' -> {
                    int start = bp;
                    long v = 0;
                    while (bp < n && isDigit(buf.charAt(bp))) {
                        if (v >= 922337203685477580L) {
                            return -1;
                        }
                        v = v * 10 + (buf.charAt(bp++) - '0');
                    }
                    if (bp == start) {
                        return -1;
                    }
                    tm.setFromEpoch(v);
                    st.fields = 0xffff;
                }
                case 'U', 'W', 'V', 'g' -> bp = convNum(buf, bp, out, 0, c == 'g' ? 99 : 53);
                case 'w' -> {
                    bp = convNum(buf, bp, out, 0, 6);
                    tm.wday = out[0];
                    st.fields |= F_WDAY;
                }
                case 'u' -> {
                    bp = convNum(buf, bp, out, 1, 7);
                    tm.wday = out[0] % 7;
                    st.fields |= F_WDAY;
                }
                case 'G' -> {
                    do {
                        bp++;
                    } while (bp < n && isDigit(buf.charAt(bp)));
                }
                case 'Y' -> {
                    bp = convNum(buf, bp, out, 0, 9999);
                    st.relyear = -1;
                    tm.year = out[0] - 1900;
                    st.fields |= F_YEAR;
                }
                case 'y' -> {
                    bp = convNum(buf, bp, out, 0, 99);
                    st.relyear = out[0];
                }
                case 'Z' -> bp = zoneName(buf, bp, tm);
                case 'z' -> bp = zoneOffset(buf, bp, tm);
                case 'n', 't' -> {
                    while (bp < n && isSpace(buf.charAt(bp))) {
                        bp++;
                    }
                }
                default -> {
                    return -1;
                }
            }
            if (bp < 0) {
                return -1;
            }
        }
        return bp;
    }

    private static void finish(BrokenDownTime tm, State st) {
        if (st.relyear != -1) {
            if (st.century == 1900) {
                tm.year = st.relyear <= 68 ? st.relyear + 100 : st.relyear;
            } else {
                tm.year = st.relyear + st.century - 1900;
            }
            st.fields |= F_YEAR;
        }
        if ((st.fields & F_YEAR) != 0) {
            int year = tm.year + 1900;
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            int[] lens = leap ? new int[] {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
                : new int[] {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            if ((st.fields & F_YDAY) == 0 && (st.fields & F_MON) != 0 && (st.fields & F_MDAY) != 0) {
                tm.yday = tm.mday - 1;
                for (int i = 0; i < tm.mon && i < 12; i++) {
                    tm.yday += lens[i];
                }
                st.fields |= F_YDAY;
            }
            if ((st.fields & F_YDAY) != 0) {
                int days = tm.yday;
                if ((st.fields & F_MON) == 0) {
                    tm.mon = 0;
                    while (tm.mon < 12 && days >= lens[tm.mon]) {
                        days -= lens[tm.mon++];
                    }
                }
                if ((st.fields & F_MDAY) == 0) {
                    tm.mday = days + 1;
                }
            }
        }
    }

    private static int zoneName(String buf, int bp, BrokenDownTime tm) {
        for (Object[] z : ZONES) {
            String abbr = (String) z[0];
            if (prefixIgnoreCase(buf, bp, abbr)) {
                int after = bp + abbr.length();
                if (after >= buf.length() || !Character.isLetterOrDigit(buf.charAt(after))) {
                    tm.gmtoff = (Integer) z[1];
                    return after;
                }
            }
        }
        // the system zone names; the agent runs with UTC like the golden recordings
        return -1;
    }

    private static int zoneOffset(String buf, int bp, BrokenDownTime tm) {
        int n = buf.length();
        while (bp < n && isSpace(buf.charAt(bp))) {
            bp++;
        }
        if (bp >= n) {
            return -1;
        }
        char c = buf.charAt(bp++);
        boolean neg;
        switch (c) {
            case 'G' -> {
                if (!buf.startsWith("MT", bp)) {
                    return -1;
                }
                tm.gmtoff = 0;
                return bp + 2;
            }
            case 'U' -> {
                if (bp >= n || buf.charAt(bp) != 'T') {
                    return -1;
                }
                bp++;
                if (bp < n && buf.charAt(bp) == 'C') {
                    bp++;
                }
                tm.gmtoff = 0;
                return bp;
            }
            case 'Z' -> {
                tm.gmtoff = 0;
                return bp;
            }
            case '+' -> neg = false;
            case '-' -> neg = true;
            default -> {
                bp--;
                for (int i = 0; i < 4; i++) {
                    if (prefixIgnoreCase(buf, bp, NAST[i])) {
                        tm.gmtoff = (-5L - i) * 3600;
                        return bp + 3;
                    }
                }
                for (int i = 0; i < 4; i++) {
                    if (prefixIgnoreCase(buf, bp, NADT[i])) {
                        tm.gmtoff = (-4L - i) * 3600;
                        return bp + 3;
                    }
                }
                return -1;
            }
        }
        if (bp + 1 >= n || !isDigit(buf.charAt(bp)) || !isDigit(buf.charAt(bp + 1))) {
            return -1;
        }
        long offs = ((buf.charAt(bp) - '0') * 10L + (buf.charAt(bp + 1) - '0')) * 3600;
        bp += 2;
        if (bp < n && buf.charAt(bp) == ':') {
            bp++;
        }
        if (bp < n && isDigit(buf.charAt(bp))) {
            offs += (buf.charAt(bp++) - '0') * 600L;
            if (bp >= n || !isDigit(buf.charAt(bp))) {
                return -1;
            }
            offs += (buf.charAt(bp++) - '0') * 60L;
        }
        tm.gmtoff = neg ? -offs : offs;
        return bp;
    }

    /** BSD _conv_num: reads at most as many digits as the upper limit has; -1 when out of range. */
    private static int convNum(String buf, int bp, int[] dest, int llim, int ulim) {
        int n = buf.length();
        if (bp >= n || !isDigit(buf.charAt(bp))) {
            return -1;
        }
        int result = 0;
        int rulim = ulim;
        do {
            result = result * 10 + (buf.charAt(bp++) - '0');
            rulim /= 10;
        } while (result * 10 <= ulim && rulim != 0 && bp < n && isDigit(buf.charAt(bp)));
        if (result < llim || result > ulim) {
            return -1;
        }
        dest[0] = result;
        return bp;
    }

    private static boolean prefixIgnoreCase(String buf, int bp, String s) {
        // the names all start with an ASCII letter: an ASCII first character that differs cannot match
        if (bp < buf.length()) {
            char c = buf.charAt(bp);
            if (c < 0x80 && (c | 0x20) != (s.charAt(0) | 0x20)) {
                return false;
            }
        }
        return buf.regionMatches(true, bp, s, 0, s.length());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

}
