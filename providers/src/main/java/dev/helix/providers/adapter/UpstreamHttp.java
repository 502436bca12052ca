package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP to one upstream: the JDK client on virtual threads, connections reused, the profile's auth header, the
 * configured headers, a connect and first-byte timeout, and streamed bodies with backpressure and an idle timeout
 * ({@link BodyStream}). Every failure becomes a {@link ProviderException} through {@link UpstreamErrors}.
 */
final class UpstreamHttp implements AutoCloseable {
    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;
    private final HttpClient client;

    UpstreamHttp(UpstreamEndpoint endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.timeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** A GET, answered whatever its status (for probes and listings); null body on a transport failure. */
    Reply get(String path, Duration timeout) throws IOException {
        HttpRequest request = request(path, timeout).GET().build();
        var response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), timeout);
        return Reply.of(response.statusCode(), response.headers().map(), response.body());
    }

    /** A POST of JSON whose whole JSON answer is read into {@code type}; any status but 2xx throws. */
    <T> T post(String path, Object body, Class<T> type, String model) {
        HttpRequest request = request(path, endpoint.timeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        try {
            var response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                    endpoint.timeout());
            check(response.statusCode(), response, response.body(), model);
            return json.readValue(response.body(), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ProviderFailedException(endpoint.describe() + " sent an answer that is not what "
                    + type.getSimpleName() + " looks like: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw UpstreamErrors.transport(endpoint, e);
        }
    }

    /**
     * A POST of JSON whose answer is read as it arrives. Returns once the headers are in (within the timeout) and the
     * status is 2xx; closing the stream cancels the exchange.
     */
    InputStream stream(String path, Object body, String model) {
        HttpRequest request = request(path, endpoint.timeout()).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/x-ndjson, application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        var bodyStream = new BodyStream(endpoint.timeout(), endpoint.describe());
        try {
            var response = send(request, HttpResponse.BodyHandlers.ofPublisher(), endpoint.timeout());
            response.body().subscribe(bodyStream);
            if (response.statusCode() / 100 != 2) {
                String text;
                try (bodyStream) {
                    text = new String(bodyStream.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                }
                check(response.statusCode(), response, text, model);
            }
            return bodyStream;
        } catch (IOException e) {
            bodyStream.close();
            throw UpstreamErrors.transport(endpoint, e);
        } catch (RuntimeException e) {
            bodyStream.close();
            throw e;
        }
    }

    private void check(int status, HttpResponse<?> response, String body, String model) {
        if (status / 100 != 2) {
            throw UpstreamErrors.of(endpoint, status, body, response.headers().firstValue("Retry-After"), model);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        // Another Helix serves a request marked so with its own models only: no loop between Helixes.
        var builder = HttpRequest.newBuilder(URI.create(endpoint.base() + path)).timeout(timeout)
                .header(dev.helix.protocol.HelixHeaders.FORWARDED, "1");
        if (endpoint.apiKey() != null && endpoint.profile().auth().acceptsKey()) {
            var header = endpoint.profile().auth().headers().getFirst();
            builder.header(header.header(), header.value(endpoint.apiKey()));
        }
        endpoint.headers().forEach(builder::header);
        return builder;
    }

    /**
     * Sends and waits for the headers. The request timeout covers the answer's start; the wait here adds the connect
     * timeout, so a server that accepts and then says nothing cannot hold the caller longer than both.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Duration timeout)
            throws IOException {
        CompletableFuture<HttpResponse<T>> pending = client.sendAsync(request, handler);
        try {
            return pending.get(timeout.toNanos() + endpoint.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new java.net.http.HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body: " + e, e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
