package dev.peregrine.pipeline.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventTimeTest {
    @Test
    void ofNanos_splitsSecondsAndNanos() {
        assertEquals(new EventTime(1_764_291_600L, 123_456_789), EventTime.ofNanos(1_764_291_600_123_456_789L));
        assertEquals(new EventTime(0, 0), EventTime.ofNanos(0));
    }

    @Test
    void ofNanos_beforeTheEpochRoundsDown() {
        // 1 ns before the epoch is second -1 plus 999999999 ns (a truncating split would give a negative nanos)
        assertEquals(new EventTime(-1, 999_999_999), EventTime.ofNanos(-1));
    }
}
