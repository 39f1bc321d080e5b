package dev.peregrine.outputs.cloudwatch;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.utils.AttributeMap;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A synchronous SDK HTTP client over {@link java.net.http.HttpClient}, registered as an {@link SdkHttpService}.
 *
 * <p>Why: the SDK's STS credential providers (AssumeRole for {@code role_arn}, web identity for IRSA) need a
 * synchronous client, and the module deliberately leaves out the Apache client (its own connection pool and
 * threads, and megabytes in the agent jar). Credentials are fetched rarely (about hourly), so the JDK's client is
 * plenty; PutLogEvents itself goes through the Netty client on the agent's event loops.
 */
public final class JdkSyncHttpClient implements SdkHttpClient {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient http;

    JdkSyncHttpClient() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
            .build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        AtomicReference<Thread> caller = new AtomicReference<>();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                var r = request.httpRequest();
                HttpRequest.BodyPublisher body = request.contentStreamProvider()
                    .<HttpRequest.BodyPublisher>map(p -> HttpRequest.BodyPublishers.ofInputStream(p::newStream))
                    .orElse(HttpRequest.BodyPublishers.noBody());
                HttpRequest.Builder b = HttpRequest.newBuilder(r.getUri()).timeout(Duration.ofSeconds(30))
                    .method(r.method().name(), body);
                for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                    if (RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                        continue;
                    }
                    for (String v : h.getValue()) {
                        b.header(h.getKey(), v);
                    }
                }
                caller.set(Thread.currentThread());
                try {
                    HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                    SdkHttpResponse.Builder sr = SdkHttpResponse.builder().statusCode(resp.statusCode());
                    resp.headers().map().forEach(sr::putHeader);
                    return HttpExecuteResponse.builder().response(sr.build())
                        .responseBody(AbortableInputStream.create(resp.body())).build();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }

            @Override
            public void abort() {
                Thread t = caller.get();
                if (t != null) {
                    t.interrupt();
                }
            }
        };
    }

    @Override
    public String clientName() {
        return "JdkSync";
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads are daemons and go with it.
    }

    /** Builds the client; it has no settings of its own. */
    static final class ClientBuilder implements SdkHttpClient.Builder<ClientBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return new JdkSyncHttpClient();
        }
    }

    /** The ServiceLoader entry that makes this the SDK's default synchronous client. */
    public static final class Service implements SdkHttpService {
        @Override
        public SdkHttpClient.Builder<?> createHttpClientBuilder() {
            return new ClientBuilder();
        }
    }
}
