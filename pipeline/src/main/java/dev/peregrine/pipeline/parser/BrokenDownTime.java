package dev.peregrine.pipeline.parser;

/**
 * A mutable {@code struct tm} plus the GMT offset, as {@link Strptime} fills it. Fields follow C: {@code year} is
 * years since 1900, {@code mon} is 0-11, {@code mday} 1-31 (0 is allowed and normalised like timegm does).
 */
public final class BrokenDownTime {
    public int year;
    public int mon;
    public int mday;
    public int hour;
    public int min;
    public int sec;
    public int yday;
    public int wday;
    /** Seconds east of UTC. */
    public long gmtoff;

    BrokenDownTime copy() {
        BrokenDownTime c = new BrokenDownTime();
        c.year = year;
        c.mon = mon;
        c.mday = mday;
        c.hour = hour;
        c.min = min;
        c.sec = sec;
        c.yday = yday;
        c.wday = wday;
        c.gmtoff = gmtoff;
        return c;
    }

    /** Seconds since the epoch for these fields read as UTC, minus the GMT offset (timegm(tm) - tm_gmtoff). */
    public long toEpochSecond() {
        long months = (long) year + 1900;
        long m = mon;
        long y = months + Math.floorDiv(m, 12);
        m = Math.floorMod(m, 12);
        long days = daysFromCivil(y, (int) m + 1, 1) + mday - 1;
        return days * 86400L + hour * 3600L + min * 60L + sec - gmtoff;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Fills the date fields from an epoch second, as gmtime_r does. */
    void setFromEpoch(long epoch) {
        long days = Math.floorDiv(epoch, 86400L);
        long secs = Math.floorMod(epoch, 86400L);
        hour = (int) (secs / 3600);
        min = (int) (secs % 3600 / 60);
        sec = (int) (secs % 60);
        wday = (int) Math.floorMod(days + 4, 7L);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (m <= 2) {
            y++;
        }
        year = (int) (y - 1900);
        mon = m - 1;
        mday = d;
        yday = (int) (daysFromCivil(y, m, d) - daysFromCivil(y, 1, 1));
        gmtoff = 0;
    }
}
