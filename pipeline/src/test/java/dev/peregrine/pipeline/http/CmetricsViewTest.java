package dev.peregrine.pipeline.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two cmetrics encodings of /api/v2/metrics, checked against lines cmetrics itself writes. */
class CmetricsViewTest {
    static final List<CmetricsView.Family> FAMILIES = List.of(
        new CmetricsView.Family("fluentbit_input_records_total", "Number of input records.",
            CmetricsView.Type.COUNTER, List.of("name"), List.of(
                new CmetricsView.Value(List.of("tail.0"), 42),
                new CmetricsView.Value(List.of("my \"quoted\\alias"), 0))),
        new CmetricsView.Family("fluentbit_hot_reloaded_times", "Collect the count of hot reloaded times.",
            CmetricsView.Type.GAUGE, List.of("hostname"), List.of(new CmetricsView.Value(List.of("node-1"), 2))));

    @Test
    void text_oneLinePerValueWithNanosecondTime() {
        assertEquals("""
            2026-11-28T05:13:40.000000123Z fluentbit_input_records_total{name="tail.0"} = 42
            2026-11-28T05:13:40.000000123Z fluentbit_input_records_total{name="my "quoted\\alias"} = 0
            2026-11-28T05:13:40.000000123Z fluentbit_hot_reloaded_times{hostname="node-1"} = 2
            """, CmetricsView.text(FAMILIES, 1_795_842_820_000_000_123L));
    }

    @Test
    void prometheus_helpAndTypeOncePerFamily_labelValuesEscaped() {
        assertEquals("""
            # HELP fluentbit_input_records_total Number of input records.
            # TYPE fluentbit_input_records_total counter
            fluentbit_input_records_total{name="tail.0"} 42
            fluentbit_input_records_total{name="my \\"quoted\\\\alias"} 0
            # HELP fluentbit_hot_reloaded_times Collect the count of hot reloaded times.
            # TYPE fluentbit_hot_reloaded_times gauge
            fluentbit_hot_reloaded_times{hostname="node-1"} 2
            """, CmetricsView.prometheus(FAMILIES));
    }

    @Test
    void number_asPercent17g() {
        assertEquals("100", CmetricsView.number(100.0));
        assertEquals("0.5", CmetricsView.number(0.5));
        assertEquals("-3", CmetricsView.number(-3));
    }
}
