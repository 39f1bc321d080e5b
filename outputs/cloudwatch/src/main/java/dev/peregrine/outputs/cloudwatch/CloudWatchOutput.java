package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.json.ByteSink;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.InstanceMetrics;
import dev.peregrine.pipeline.plugin.Output;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidSequenceTokenException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code cloudwatch_logs} output.
 *
 * <p>Flow: {@link #flush} (on an engine worker thread) turns each event not yet delivered into messages, resolves
 * its group and stream, and appends it to that stream's {@link LogEventBatcher}. Full batches go out at once;
 * a partly filled batch waits up to {@code batch_linger} for events of later chunks of the same stream, so batches
 * fill to the service's limits instead of ending with every chunk (a 2 MB chunk is about 2.3 batches). Each
 * chunk's answer waits until all of its events are settled ({@link ChunkDelivery}).
 *
 * <p>Per batch: CreateLogStream on first use (see {@link CloudWatchService}), then PutLogEvents. A batch that fails
 * with a retryable error marks its events for the engine's retry and its chunk answers RETRY; other streams and
 * other batches go on. On retry only the events not yet delivered are sent again.
 *
 * <p>At most {@code max_inflight_requests} PutLogEvents are in flight; further batches wait in a FIFO.
 */
final class CloudWatchOutput implements Output {
    private final CloudWatchOptions options;
    private final CloudWatchService service;
    private final StreamTargets targets;
    private final RecordMessageEncoder encoder;
    private final PutLogEventsRequestBuilder requests;
    private final Log log;
    private final ScheduledExecutorService scheduler;
    private final Executor lingerExecutor;
    private final Map<Chunk, ChunkDelivery.Progress> progress = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<StreamKey, StreamQueue> queues = new ConcurrentHashMap<>();
    private final Map<StreamKey, String> sequenceTokens = new ConcurrentHashMap<>();
    private final Set<StreamKey> rejectionReported = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<LogBatch> waiting = new ArrayDeque<>();
    private int inflight;

    private final AtomicLong requestsSent;
    private final AtomicLong eventsSent;
    private final AtomicLong eventsDropped;
    private final AtomicLong eventsRejected;
    private final AtomicLong bytesSent;

    CloudWatchOutput(CloudWatchOptions options, CloudWatchService service, RecordMessageEncoder encoder, Log log,
                     ScheduledExecutorService scheduler, Executor lingerExecutor, InstanceMetrics metrics) {
        this.options = options;
        this.service = service;
        this.targets = new StreamTargets(options);
        this.encoder = encoder;
        this.requests = new PutLogEventsRequestBuilder(options.logFormat());
        this.log = log;
        this.scheduler = scheduler;
        this.lingerExecutor = lingerExecutor;
        InstanceMetrics m = metrics != null ? metrics : new InstanceMetrics("cloudwatch");
        requestsSent = m.counter("cloudwatch_put_requests");
        eventsSent = m.counter("cloudwatch_events_sent");
        eventsDropped = m.counter("cloudwatch_events_dropped");
        eventsRejected = m.counter("cloudwatch_events_rejected");
        bytesSent = m.counter("cloudwatch_batch_bytes");
    }

    @Override
    public CompletionStage<FlushResult> flush(Chunk chunk) {
        ChunkDelivery.Progress p = progress.computeIfAbsent(chunk, c -> new ChunkDelivery.Progress());
        ChunkDelivery d = new ChunkDelivery(chunk.size(), p, () -> progress.remove(chunk));
        Map<StreamKey, List<LogEvent>> byStream = new LinkedHashMap<>();
        ByteSink sink = new ByteSink(4096);
        List<String> messages = new ArrayList<>(2);
        List<Event> events = chunk.events();
        String tag = chunk.tag();
        for (int i = 0; i < events.size(); i++) {
            if (p.isDone(i)) {
                continue;
            }
            Event e = events.get(i);
            long ts = e.time().toMillis();
            StreamKey key;
            messages.clear();
            try {
                encoder.encode(e, ts, sink, messages);
                key = messages.isEmpty() ? null : targets.resolve(tag, e::body);
            } catch (RuntimeException ex) {
                // A record that cannot be encoded will not encode on retry either.
                log.error("cannot encode record: " + ex);
                eventsDropped.incrementAndGet();
                d.skip(i);
                continue;
            }
            if (key == null) {
                d.skip(i);
                continue;
            }
            List<LogEvent> list = byStream.computeIfAbsent(key, k -> new ArrayList<>());
            for (String m : messages) {
                d.expect(i);
                list.add(new LogEvent(ts, m, LogEventBatcher.utf8Length(m), d, i));
            }
        }
        List<LogBatch> ready = new ArrayList<>();
        for (Map.Entry<StreamKey, List<LogEvent>> en : byStream.entrySet()) {
            queues.computeIfAbsent(en.getKey(), StreamQueue::new).offer(en.getValue(), ready);
        }
        submit(ready);
        d.sealed();
        return d.result();
    }

    /** One stream's batcher and its linger timer. */
    private final class StreamQueue {
        private final LogEventBatcher batcher;
        private ScheduledFuture<?> linger;

        StreamQueue(StreamKey key) {
            this.batcher = new LogEventBatcher(key);
        }

        void offer(List<LogEvent> events, List<LogBatch> ready) {
            synchronized (this) {
                for (LogEvent e : events) {
                    batcher.add(e, ready::add);
                }
                if (batcher.isEmpty()) {
                    return;
                }
                if (options.lingerMillis() == 0) {
                    batcher.drain(ready::add);
                } else if (linger == null) {
                    linger = scheduler.schedule(() -> lingerExecutor.execute(this::drainNow),
                        options.lingerMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }

        void drainNow() {
            List<LogBatch> ready = new ArrayList<>(1);
            synchronized (this) {
                linger = null;
                batcher.drain(ready::add);
            }
            submit(ready);
        }
    }

    private void submit(List<LogBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        synchronized (waiting) {
            waiting.addAll(batches);
        }
        pump();
    }

    /** Starts waiting batches while fewer than max_inflight_requests are in flight. */
    private void pump() {
        while (true) {
            LogBatch b;
            synchronized (waiting) {
                if (inflight >= options.maxInflight() || waiting.isEmpty()) {
                    return;
                }
                b = waiting.poll();
                inflight++;
            }
            CompletableFuture<Void> f;
            try {
                f = send(b, 0, sequenceTokens.get(b.stream()));
            } catch (RuntimeException e) {
                log.error("PutLogEvents could not be sent: " + e);
                settle(b, ChunkDelivery.Outcome.RETRY);
                f = CompletableFuture.completedFuture(null);
            }
            f.whenComplete((v, e) -> {
                synchronized (waiting) {
                    inflight--;
                }
                pump();
            });
        }
    }

    /** Sends one batch; the future completes (never exceptionally) once every event of it is settled. */
    private CompletableFuture<Void> send(LogBatch batch, int attempt, String token) {
        StreamKey k = batch.stream();
        return service.ensureStream(k)
            .thenCompose(v -> {
                PutLogEventsRequest req = requests.build(batch, token);
                requestsSent.incrementAndGet();
                return service.put(req);
            })
            .handle((resp, err) -> err == null ? accepted(batch, resp) : failed(batch, attempt, err))
            .thenCompose(f -> f);
    }

    private CompletableFuture<Void> accepted(LogBatch batch, PutLogEventsResponse resp) {
        StreamKey k = batch.stream();
        if (sequenceTokens.containsKey(k) && resp.nextSequenceToken() != null) {
            sequenceTokens.put(k, resp.nextSequenceToken());
        }
        List<LogEvent> events = batch.events();
        int n = events.size();
        int tooOldEnd = -1;
        int tooNewStart = n;
        RejectedLogEventsInfo info = resp.rejectedLogEventsInfo();
        if (info != null) {
            if (info.tooOldLogEventEndIndex() != null) {
                tooOldEnd = Math.max(tooOldEnd, info.tooOldLogEventEndIndex());
            }
            if (info.expiredLogEventEndIndex() != null) {
                tooOldEnd = Math.max(tooOldEnd, info.expiredLogEventEndIndex());
            }
            if (info.tooNewLogEventStartIndex() != null) {
                tooNewStart = Math.min(tooNewStart, info.tooNewLogEventStartIndex());
            }
            int rejected = Math.min(n, tooOldEnd + 1) + Math.max(0, n - tooNewStart);
            if (rejected > 0) {
                eventsRejected.addAndGet(rejected);
                String msg = "PutLogEvents rejected " + rejected + " of " + n + " events of " + k + " (" + info
                    + "): events older than 14 days or than the group's retention, or more than 2 hours in the "
                    + "future, are not accepted; they will not be retried";
                // Once per stream: a backlog of old files would otherwise log this for every batch.
                if (rejectionReported.add(k)) {
                    log.warn(msg);
                } else {
                    log.debug(msg);
                }
            }
        }
        long sent = 0;
        for (int i = 0; i < n; i++) {
            LogEvent e = events.get(i);
            boolean rejected = i <= tooOldEnd || i >= tooNewStart;
            if (!rejected) {
                sent++;
            }
            resolve(e, rejected ? ChunkDelivery.Outcome.DROPPED : ChunkDelivery.Outcome.SENT);
        }
        eventsSent.addAndGet(sent);
        bytesSent.addAndGet(batch.bytes());
        if (log.isDebug()) {
            log.debug("Sent " + n + " events (" + batch.bytes() + " bytes) to " + k);
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> failed(LogBatch batch, int attempt, Throwable err) {
        StreamKey k = batch.stream();
        RetryClassifier.Verdict v = RetryClassifier.classify(err);
        switch (v) {
            case ALREADY_DONE:
                settle(batch, ChunkDelivery.Outcome.SENT);
                return CompletableFuture.completedFuture(null);
            case MISSING_RESOURCE:
                if (attempt == 0 && service.mayCreate()) {
                    log.info("Log group or stream of " + k + " not found, creating it and sending again");
                    return service.recreate(k)
                        .handle((x, e2) -> e2 == null ? send(batch, 1, null) : failed(batch, 1, e2))
                        .thenCompose(f -> f);
                }
                log.error("PutLogEvents API responded with " + RetryClassifier.describe(err) + " for " + k
                    + ": Rejecting the chunk without retry (" + batch.events().size() + " events)");
                settle(batch, ChunkDelivery.Outcome.DROPPED);
                return CompletableFuture.completedFuture(null);
            case SEQUENCE_TOKEN:
                if (attempt < 2 && RetryClassifier.unwrap(err) instanceof InvalidSequenceTokenException ist
                    && ist.expectedSequenceToken() != null) {
                    sequenceTokens.put(k, ist.expectedSequenceToken());
                    return send(batch, attempt + 1, ist.expectedSequenceToken());
                }
                log.error("PutLogEvents API responded with " + RetryClassifier.describe(err) + " for " + k);
                settle(batch, ChunkDelivery.Outcome.RETRY);
                return CompletableFuture.completedFuture(null);
            case DROP:
                log.error("PutLogEvents API responded with " + RetryClassifier.describe(err) + " for " + k
                    + ": dropping " + batch.events().size() + " events, resending cannot fix this request");
                settle(batch, ChunkDelivery.Outcome.DROPPED);
                return CompletableFuture.completedFuture(null);
            default:
                log.error("PutLogEvents API responded with " + RetryClassifier.describe(err) + " for " + k);
                settle(batch, ChunkDelivery.Outcome.RETRY);
                return CompletableFuture.completedFuture(null);
        }
    }

    private void settle(LogBatch batch, ChunkDelivery.Outcome o) {
        if (o == ChunkDelivery.Outcome.DROPPED) {
            eventsDropped.addAndGet(batch.events().size());
        } else if (o == ChunkDelivery.Outcome.SENT) {
            eventsSent.addAndGet(batch.events().size());
        }
        for (LogEvent e : batch.events()) {
            resolve(e, o);
        }
    }

    private static void resolve(LogEvent e, ChunkDelivery.Outcome o) {
        if (e.owner() != null) {
            e.owner().resolved(e.index(), o);
        }
    }

    /** Chunks with progress kept for a retry (for tests). */
    int chunksInProgress() {
        return progress.size();
    }

    @Override
    public void stop() {
        // The engine calls stop after the last flush has answered, so no batch is lingering; drain defensively.
        for (StreamQueue q : queues.values()) {
            q.drainNow();
        }
        service.close();
    }
}
