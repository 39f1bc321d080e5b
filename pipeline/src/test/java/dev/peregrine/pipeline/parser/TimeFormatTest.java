package dev.peregrine.pipeline.parser;

import dev.peregrine.pipeline.event.EventTime;
import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TimeFormatTest {
    @Test
    void monthNameAndNumericZone_giveUtcEpoch() {
        EventTime t = new TimeFormat("%d/%b/%Y:%H:%M:%S %z", 0).parse("10/Oct/2023:13:55:36 -0700", true);
        assertEquals(new EventTime(1696971336, 0), t);
    }

    @Test
    void fractionalSeconds_truncateToNanoseconds() {
        TimeFormat f = new TimeFormat("%Y-%m-%dT%H:%M:%S.%L%z", 0);
        assertEquals(new EventTime(1700000000, 123456789), f.parse("2023-11-14T22:13:20.123456789+0000", true));
        assertEquals(new EventTime(1700000000, 999900), f.parse("2023-11-14T22:13:20.0009999+0000", true));
        assertEquals(new EventTime(1709243999, 999500000), f.parse("2024-02-29T23:59:59.999500000+0200", true));
    }

    @Test
    void epochSeconds_percentS() {
        assertEquals(new EventTime(1700000000, 0), new TimeFormat("%s", 0).parse("1700000000", true));
    }

    @Test
    void timeOffset_appliesWhenFormatHasNoZone() {
        TimeFormat f = new TimeFormat("%Y-%m-%d %H:%M:%S", TimeFormat.parseOffset("+0900"));
        assertEquals(new EventTime(1700000000 - 9 * 3600, 0), f.parse("2023-11-14 22:13:20", true));
        assertEquals(-7 * 3600 - 30 * 60, TimeFormat.parseOffset("-07:30"));
    }

    @Test
    void formatWithoutYear_usesCurrentYear() {
        int year = ZonedDateTime.now(ZoneOffset.UTC).getYear();
        EventTime t = new TimeFormat("%b %d %H:%M:%S", 0).parse("Jan 02 03:04:05", true);
        assertEquals(ZonedDateTime.of(year, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC).toEpochSecond(), t.seconds());
    }

    @Test
    void textNotFittingFormat_isNullWhenStrict() {
        assertNull(new TimeFormat("%Y-%m-%d", 0).parse("yesterday", true));
    }

    @Test
    void zoneAbbreviation_percentZ() {
        EventTime t = new TimeFormat("%Y-%m-%d %H:%M:%S %Z", 0).parse("2023-11-14 22:13:20 JST", true);
        assertEquals(1700000000 - 9 * 3600, t.seconds());
    }

    @Test
    void fractionDigits_truncateToTheNanosOfTheirDecimalValue() {
        TimeFormat f = new TimeFormat("%Y-%m-%dT%H:%M:%S.%L", 0);
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            int n = 1 + r.nextInt(9);
            StringBuilder d = new StringBuilder();
            for (int k = 0; k < n; k++) {
                d.append((char) ('0' + r.nextInt(10)));
            }
            // Fluent Bit: strtod("0.<digits>") * 1e9, truncated
            int expected = (int) (Double.parseDouble("0." + d) * 1_000_000_000d);
            assertEquals(new EventTime(1795827723, expected), f.parse("2026-11-28T01:02:03." + d, true), d.toString());
        }
    }

    @Test
    void bytesOfTheSameText_giveTheSameTime_strictOrNot() {
        TimeFormat f = new TimeFormat("%d/%b/%Y:%H:%M:%S %z", 0);
        byte[] a = "xx10/Oct/2023:13:55:36 -0700".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "10/Oct/2023:13:55".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertEquals(new EventTime(1696971336, 0), f.parse(a, 2, a.length - 2, true));
            assertNull(f.parse(bad, 0, bad.length, true));
            assertEquals(f.parse("10/Oct/2023:13:55", false), f.parse(bad, 0, bad.length, false));
        }
    }

    @Test
    void bytesPath_givesTheStringPathsTime_acrossTextsSharingTheirPartBeforeTheFraction() {
        String[] texts = {"2026-11-28T01:02:03.123456789Z", "2026-11-28T01:02:03.5Z", "2026-11-28T01:02:03.000000001",
            "2026-11-28T01:02:03.", "2026-11-28T01:02:03.12+0900", "2026-11-28T01:02:04.9Z", "2026-11-28T01:02:0",
            "2026-11-28T01:02:03x1", "2026-11-28T01:02:é.1", "2026-11-28T01:02:03.1Z", "garbage",
            "2026-11-28T01:02:03.25 UTC", "2026-11-28T01:02:03.25 é", "2026-11-28T01:02:03.25é",
            "2026-11-28T01:02:03.7 "};
        for (String fmt : new String[] {"%Y-%m-%dT%H:%M:%S.%L", "%Y-%m-%dT%H:%M:%S.%L%z",
            "%Y-%m-%dT%H:%M:%S.%L %Z"}) {
            for (boolean strict : new boolean[] {true, false}) {
                TimeFormat f = new TimeFormat(fmt, 3600);
                TimeFormat reference = new TimeFormat(fmt, 3600);
                for (int round = 0; round < 2; round++) {
                    for (String t : texts) {
                        byte[] b = ("#" + t).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        assertEquals(reference.parse(t, strict), f.parse(b, 1, b.length - 1, strict), fmt + " " + t);
                    }
                }
            }
        }
    }
}
