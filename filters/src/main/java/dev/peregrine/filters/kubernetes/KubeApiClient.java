package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.log.Log;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * GET requests to the API server or the kubelet, asynchronous (java.net.http), with the bearer token and the CA.
 * As in Fluent Bit, TLS checks the certificate chain but not the host name unless tls.verify_hostname is on, and
 * tls.verify off accepts any certificate.
 */
final class KubeApiClient {
    /** A response; {@code status} 0 when the request failed before one (connection refused, timeout...). */
    record Response(int status, byte[] body, String error) {
        boolean ok() {
            return status == 200;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** What is kept of a non-200 body (it is only logged). */
    private static final long ERROR_BODY_MAX = 64 * 1024;

    private final URI base;
    private final HttpClient client;
    private final ServiceAccountToken token;
    private final long bufferSize;
    private final Executor executor;

    KubeApiClient(URI base, HttpClient client, ServiceAccountToken token, long bufferSize, Executor executor) {
        this.base = base;
        this.client = client;
        this.token = token;
        this.bufferSize = bufferSize;
        this.executor = executor;
    }

    static HttpClient httpClient(KubernetesOptions o, Executor executor, Log log) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor);
        if ("https".equals(o.apiUri().getScheme()) || o.useKubelet()) {
            try {
                b.sslContext(sslContext(o, log));
            } catch (GeneralSecurityException | IOException e) {
                log.error("TLS setup failed: " + e.getMessage());
            }
            if (o.tlsVhost() != null) {
                // SNI name to present, as tls.vhost does in Fluent Bit
                SSLParameters p = new SSLParameters();
                p.setServerNames(List.of(new SNIHostName(o.tlsVhost())));
                b.sslParameters(p);
            }
        }
        return b.build();
    }

    /** GET with Buffer_Size as the cap on the response body, as Fluent Bit reads a pod. */
    CompletableFuture<Response> get(String path) {
        return get(path, bufferSize);
    }

    /** GET with its own cap on the response body (0: none). */
    CompletableFuture<Response> get(String path, long maxBytes) {
        return CompletableFuture.supplyAsync(token::current, executor)
                .thenCompose(t -> send(path, t, maxBytes))
                .thenCompose(r -> {
                    if (r.status() != 401) {
                        return CompletableFuture.completedFuture(r);
                    }
                    // the token may have rotated under us: read it again once
                    token.invalidate();
                    return CompletableFuture.supplyAsync(token::current, executor).thenCompose(t -> send(path, t, maxBytes));
                });
    }

    private CompletableFuture<Response> send(String path, String bearer, long maxBytes) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "Fluent-Bit")
                .header("Accept", "application/json")
                .GET();
        if (bearer != null) {
            rb.header("Authorization", "Bearer " + bearer);
        }
        // the body is read up to its cap and no further (an error body is cut at ERROR_BODY_MAX: it is only logged)
        HttpResponse.BodyHandler<byte[]> bounded = info -> info.statusCode() == 200
                ? new BoundedBody(maxBytes, true) : new BoundedBody(ERROR_BODY_MAX, false);
        return client.sendAsync(rb.build(), bounded)
                .handle((resp, err) -> {
                    if (err != null) {
                        Throwable c = err;
                        while (c.getCause() != null && !(c instanceof TooLarge)) {
                            c = c.getCause();
                        }
                        if (c instanceof TooLarge t) {
                            // Fluent Bit cannot read a response bigger than Buffer_Size either
                            return new Response(0, null, "response larger than "
                                    + (t.max == bufferSize ? "Buffer_Size " : "") + t.max + " bytes"
                                    + (t.max == bufferSize ? " (expected: a larger Buffer_Size, or 0)" : ""));
                        }
                        return new Response(0, null, c.getClass().getSimpleName()
                                + (c.getMessage() == null ? "" : ": " + c.getMessage()));
                    }
                    return new Response(resp.statusCode(), resp.body(), null);
                });
    }

    /** The body exceeded its cap. */
    private static final class TooLarge extends IOException {
        final long max;

        TooLarge(long max) {
            super("response body larger than " + max + " bytes");
            this.max = max;
        }
    }

    /**
     * Collects a body up to {@code max} bytes (0: no cap); past that it cancels the download and fails, or, when
     * not {@code strict}, completes with what it has.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final boolean strict;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(long max, boolean strict) {
            this.max = max;
            this.strict = strict;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (max > 0 && buf.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    if (strict) {
                        result.completeExceptionally(new TooLarge(max));
                    } else {
                        result.complete(buf.toByteArray());
                    }
                    return;
                }
                byte[] a = new byte[b.remaining()];
                b.get(a);
                buf.write(a, 0, a.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buf.toByteArray());
        }
    }

    long bufferSize() {
        return bufferSize;
    }

    URI base() {
        return base;
    }

    private static SSLContext sslContext(KubernetesOptions o, Log log) throws GeneralSecurityException, IOException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager tm;
        if (!o.tlsVerify()) {
            tm = new TrustAll();
        } else {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            List<Path> files = new ArrayList<>();
            if (o.caFile() != null) {
                files.add(Path.of(o.caFile()));
            }
            if (o.caPath() != null && Files.isDirectory(Path.of(o.caPath()))) {
                try (Stream<Path> s = Files.list(Path.of(o.caPath()))) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
            int n = 0;
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path f : files) {
                if (!Files.isReadable(f)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + n++, c);
                    }
                } catch (CertificateException e) {
                    log.debug("not a certificate file: " + f);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(n == 0 ? null : ks); // no CA found: fall back to the JDK's trust store
            X509TrustManager delegate = (X509TrustManager) tmf.getTrustManagers()[0];
            tm = o.tlsVerifyHostname() ? delegate : new ChainOnly(delegate);
        }
        ctx.init(null, new TrustManager[]{tm}, null);
        return ctx;
    }

    /** Checks the chain against the CA but not the host name (Fluent Bit's tls.verify_hostname off). */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        ChainOnly(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** tls.verify off. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
