package dev.peregrine.outputs.cloudwatch;

import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the PutLogEvents request of a batch: group, stream, events in timestamp order, and the
 * {@code x-amzn-logs-format} header when {@code log_format} is set (CloudWatch extracts EMF metrics only from
 * events sent with {@code json/emf}). No sequence token unless an old endpoint asked for one.
 */
final class PutLogEventsRequestBuilder {
    static final String LOG_FORMAT_HEADER = "x-amzn-logs-format";

    private final String logFormat;

    PutLogEventsRequestBuilder(String logFormat) {
        this.logFormat = logFormat;
    }

    PutLogEventsRequest build(LogBatch batch, String sequenceToken) {
        List<InputLogEvent> events = new ArrayList<>(batch.events().size());
        for (LogEvent e : batch.events()) {
            events.add(InputLogEvent.builder().timestamp(e.timestamp()).message(e.message()).build());
        }
        PutLogEventsRequest.Builder b = PutLogEventsRequest.builder()
            .logGroupName(batch.stream().group())
            .logStreamName(batch.stream().stream())
            .logEvents(events);
        if (sequenceToken != null) {
            b.sequenceToken(sequenceToken);
        }
        if (logFormat != null) {
            b.overrideConfiguration(c -> c.putHeader(LOG_FORMAT_HEADER, logFormat));
        }
        return b.build();
    }
}
