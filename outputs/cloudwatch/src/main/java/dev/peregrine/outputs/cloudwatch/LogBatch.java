package dev.peregrine.outputs.cloudwatch;

import java.util.List;

/**
 * One PutLogEvents call's worth of events for one stream, sorted by timestamp.
 *
 * @param bytes the payload size as the service counts it: UTF-8 message bytes plus 26 per event
 */
record LogBatch(StreamKey stream, List<LogEvent> events, long bytes) {
    long firstTimestamp() {
        return events.get(0).timestamp();
    }

    long lastTimestamp() {
        return events.get(events.size() - 1).timestamp();
    }
}
