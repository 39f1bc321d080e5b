/**
 * The {@code cloudwatch_logs} output (Fluent Bit's C plugin) and its {@code cloudwatch} alias (the Go plugin name
 * used by FireLens setups): CloudWatch Logs PutLogEvents with the service's batching limits, via the AWS SDK for
 * Java v2 on the agent's shared Netty event loops.
 *
 * <ul>
 *   <li>{@link dev.peregrine.outputs.cloudwatch.CloudWatchOptions}: both plugins' options, validated with Fluent
 *   Bit's wording;</li>
 *   <li>{@link dev.peregrine.outputs.cloudwatch.StreamTargets} / {@code NameTemplate}: group and stream per record
 *   (record-accessor and {@code $(...)} templates, with fallbacks);</li>
 *   <li>{@code RecordMessageEncoder} / {@code FalcoEmfEncoder}: the message of a record (JSON, log_key, EMF);</li>
 *   <li>{@code LogEventBatcher}: batches within 10,000 events, 1,048,576 bytes (service rule, 26 B per event),
 *   a span under 24 h, sorted by time;</li>
 *   <li>{@code PutLogEventsRequestBuilder}, {@code CloudWatchService}: requests, stream and group creation;</li>
 *   <li>{@code RetryClassifier}: what a failure means (retry later, fix in place, or drop);</li>
 *   <li>{@code CloudWatchOutput} / {@code ChunkDelivery}: the flush, cross-chunk batch filling and per-chunk
 *   progress, so an engine retry resends only undelivered events.</li>
 * </ul>
 */
package dev.peregrine.outputs.cloudwatch;
