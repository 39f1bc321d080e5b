package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.log.Log;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.AttributeMap;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CloudWatch Logs calls of one output instance, on the SDK's asynchronous client.
 *
 * <p>Stream setup follows the C plugin: the first use of a stream sends CreateLogStream
 * ({@code ResourceAlreadyExistsException} counts as success); {@code ResourceNotFoundException} there means the
 * group is missing, and with {@code auto_create_group} the group is created (with {@code log_group_class} and
 * {@code new_log_group_tags}), its retention set when {@code log_retention_days > 0}, and CreateLogStream sent
 * again. Known streams are cached and forgotten 4 hours after their last use, as Fluent Bit does, so a stream
 * deleted behind the agent's back is recreated. DescribeLogStreams is never called and no sequence token is sent
 * (the service has ignored them since 2023); an old endpoint asking for one is handled by the output.
 *
 * <p>Threads: HTTP I/O runs on the agent's shared Netty event loops (no thread per request, no second event loop
 * group); the SDK completes futures on its own completion executor, never on an event loop, so continuations here
 * may do small amounts of work.
 */
final class CloudWatchService implements AutoCloseable {
    static final long STREAM_TTL_MILLIS = 4L * 60 * 60 * 1000;

    private final CloudWatchLogsAsyncClient client;
    private final CloudWatchOptions options;
    private final Log log;
    private final Map<StreamKey, Long> knownStreams = new ConcurrentHashMap<>();
    private final Map<StreamKey, CompletableFuture<Void>> creating = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> creatingGroups = new ConcurrentHashMap<>();
    private final AutoCloseable credentials;

    CloudWatchService(CloudWatchLogsAsyncClient client, CloudWatchOptions options, Log log, AutoCloseable credentials) {
        this.client = client;
        this.options = options;
        this.log = log;
        this.credentials = credentials;
    }

    /** Builds the client: region, endpoint, credentials chain (plus AssumeRole), retries, shared event loops. */
    static CloudWatchService create(CloudWatchOptions o, EventLoopGroup loops, Log log) {
        AwsCredentialsProvider base = DefaultCredentialsProvider.builder()
            .profileName(o.profile())
            .asyncCredentialUpdateEnabled(false)
            .build();
        AwsCredentialsProvider creds = base;
        AutoCloseable closeCreds = null;
        if (o.roleArn() != null) {
            var sts = StsClient.builder().region(Region.of(o.region())).credentialsProvider(base);
            if (o.stsEndpoint() != null) {
                sts.endpointOverride(stsEndpoint(o.stsEndpoint()));
            }
            StsClient stsClient = sts.build();
            String session = "peregrine-" + UUID.randomUUID().toString().substring(0, 8);
            StsAssumeRoleCredentialsProvider assume = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(stsClient)
                // Refreshing before expiry in the background keeps credential fetches off the request path.
                .asyncCredentialUpdateEnabled(true)
                .refreshRequest(r -> r.roleArn(o.roleArn()).roleSessionName(session).externalId(o.externalId()))
                .build();
            creds = assume;
            closeCreds = () -> {
                assume.close();
                stsClient.close();
            };
        }
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder()
            .eventLoopGroup(SdkEventLoopGroup.create(loops, channelFactory(loops)))
            .maxConcurrency(Math.max(8, o.maxInflight() * 2))
            .connectionTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, !o.tlsVerify())
                .build());
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
            .retryStrategy(retryStrategy(o.autoRetryRequests()))
            .apiCallTimeout(Duration.ofSeconds(120));
        if (o.extraUserAgent() != null) {
            override.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, o.extraUserAgent());
        }
        var b = CloudWatchLogsAsyncClient.builder()
            .region(Region.of(o.region()))
            .credentialsProvider(creds)
            .httpClient(http)
            .overrideConfiguration(override.build());
        if (o.endpoint() != null) {
            b.endpointOverride(o.endpoint());
        }
        return new CloudWatchService(b.build(), o, log, closeCreds);
    }

    /**
     * auto_retry_requests: one immediate retry when the connection failed, nothing else. Answers from the service
     * (throttling, 5xx) go back to the engine, which retries the chunk with backoff.
     */
    static RetryStrategy retryStrategy(boolean autoRetry) {
        return StandardRetryStrategy.builder()
            .maxAttempts(autoRetry ? 2 : 1)
            .retryOnException(RetryClassifier::isConnectionError)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .circuitBreakerEnabled(false)
            .build();
    }

    /** sts_endpoint: a host or a URL; a bare host means HTTPS. */
    static URI stsEndpoint(String v) {
        String s = v.trim();
        return URI.create(s.contains("://") ? s : "https://" + s);
    }

    private static ChannelFactory<? extends io.netty.channel.Channel> channelFactory(EventLoopGroup loops) {
        if (loops instanceof EpollEventLoopGroup) {
            return new ReflectiveChannelFactory<>(EpollSocketChannel.class);
        }
        return new ReflectiveChannelFactory<>(NioSocketChannel.class);
    }

    /** Completes when the stream can take PutLogEvents (created now, or known from earlier). */
    CompletableFuture<Void> ensureStream(StreamKey key) {
        if (!options.autoCreateStream()) {
            return CompletableFuture.completedFuture(null);
        }
        long now = System.currentTimeMillis();
        Long last = knownStreams.get(key);
        if (last != null && now - last < STREAM_TTL_MILLIS) {
            knownStreams.put(key, now);
            return CompletableFuture.completedFuture(null);
        }
        if (knownStreams.size() > 10_000) {
            knownStreams.values().removeIf(t -> now - t >= STREAM_TTL_MILLIS);
        }
        // One CreateLogStream per stream even when several batches need it at once.
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = creating.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        createStream(key).whenComplete((v, e) -> {
            if (e == null) {
                knownStreams.put(key, System.currentTimeMillis());
            }
            creating.remove(key, mine);
            if (e == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    /** After PutLogEvents answered ResourceNotFound: the cache was wrong. */
    void forget(StreamKey key) {
        knownStreams.remove(key);
    }

    /** Whether a missing group or stream may be created by this output. */
    boolean mayCreate() {
        return options.autoCreateStream() || options.autoCreateGroup();
    }

    /** Creates the stream even when auto_create_stream is off (used after ResourceNotFound, if allowed). */
    CompletableFuture<Void> recreate(StreamKey key) {
        forget(key);
        if (options.autoCreateStream()) {
            return ensureStream(key);
        }
        return createGroup(key.group());
    }

    private CompletableFuture<Void> createStream(StreamKey k) {
        log.info("Creating log stream " + k.stream() + " in log group " + k.group());
        return client.createLogStream(r -> r.logGroupName(k.group()).logStreamName(k.stream()))
            .<Void>thenApply(r -> {
                log.info("Created log stream " + k.stream());
                return null;
            })
            .exceptionallyCompose(e -> switch (RetryClassifier.classify(e)) {
                case ALREADY_DONE -> {
                    log.info("Log Stream " + k.stream() + " already exists");
                    yield CompletableFuture.completedFuture(null);
                }
                case MISSING_RESOURCE -> {
                    if (!options.autoCreateGroup()) {
                        log.error("Log group " + k.group() + " not found and `auto_create_group` disabled.");
                        yield CompletableFuture.failedFuture(e);
                    }
                    yield createGroup(k.group()).thenCompose(v ->
                        client.createLogStream(r -> r.logGroupName(k.group()).logStreamName(k.stream()))
                            .<Void>thenApply(r -> null)
                            .exceptionallyCompose(e2 -> RetryClassifier.classify(e2)
                                == RetryClassifier.Verdict.ALREADY_DONE
                                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e2)));
                }
                default -> {
                    log.error("CreateLogStream API responded with " + RetryClassifier.describe(e));
                    yield CompletableFuture.failedFuture(e);
                }
            });
    }

    private CompletableFuture<Void> createGroup(String group) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = creatingGroups.putIfAbsent(group, mine);
        if (running != null) {
            return running;
        }
        String g = group;
        log.info("Creating log group " + g);
        CompletableFuture<Void> f = client.createLogGroup(r -> {
            r.logGroupName(g);
            if (options.logGroupClass() != null) {
                r.logGroupClass(options.logGroupClass());
            }
            if (!options.newLogGroupTags().isEmpty()) {
                r.tags(options.newLogGroupTags());
            }
        }).thenCompose(r -> {
            log.info("Created log group " + g);
            // Retention only for a group made here: a group someone else made keeps its own policy.
            return retention(g);
        }).exceptionallyCompose(e -> {
            if (RetryClassifier.classify(e) == RetryClassifier.Verdict.ALREADY_DONE) {
                log.info("Log Group " + g + " already exists");
                return CompletableFuture.completedFuture(null);
            }
            log.error("CreateLogGroup API responded with " + RetryClassifier.describe(e));
            return CompletableFuture.failedFuture(e);
        });
        f.whenComplete((v, e) -> {
            creatingGroups.remove(g, mine);
            if (e == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    private CompletableFuture<Void> retention(String group) {
        if (options.logRetentionDays() <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return client.putRetentionPolicy(r -> r.logGroupName(group).retentionInDays(options.logRetentionDays()))
            .<Void>thenApply(r -> null)
            .exceptionally(e -> {
                // The group exists and can take events; a wrong retention must not hold the logs back.
                log.error("PutRetentionPolicy API responded with " + RetryClassifier.describe(e));
                return null;
            });
    }

    CompletableFuture<PutLogEventsResponse> put(PutLogEventsRequest request) {
        return client.putLogEvents(request);
    }

    @Override
    public void close() {
        client.close();
        if (credentials != null) {
            try {
                credentials.close();
            } catch (Exception e) {
                log.debug("closing credentials provider: " + e);
            }
        }
    }
}
