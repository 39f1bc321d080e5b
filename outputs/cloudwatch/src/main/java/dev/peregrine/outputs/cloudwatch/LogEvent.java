package dev.peregrine.outputs.cloudwatch;

/**
 * One message ready for PutLogEvents.
 *
 * @param timestamp milliseconds since the epoch ({@code sec*1000 + nsec/1e6}, as Fluent Bit)
 * @param message   the message text, already truncated to {@link LogEventBatcher#MAX_MESSAGE_BYTES}
 * @param bytes     the UTF-8 size of {@code message} (what the service counts)
 * @param owner     the chunk delivery waiting for this event, or null (tests)
 * @param index     the event's index in its chunk
 */
record LogEvent(long timestamp, String message, int bytes, ChunkDelivery owner, int index) {
    static LogEvent of(long timestamp, String message) {
        return new LogEvent(timestamp, message, LogEventBatcher.utf8Length(message), null, 0);
    }
}
