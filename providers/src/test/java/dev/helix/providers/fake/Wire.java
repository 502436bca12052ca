package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** A plain HTTP client for tests that talk to fakes directly; every call has a generous hang guard. */
final class Wire implements AutoCloseable {
    static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HANG_GUARD).build();

    HttpResponse<String> get(URI base, String path, Map<String, String> headers) {
        return send(request(base, path, headers).GET(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI base, String path) {
        return get(base, path, Map.of());
    }

    HttpResponse<String> post(URI base, String path, JsonNode body, Map<String, String> headers) {
        return send(post(request(base, path, headers), body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI base, String path, JsonNode body) {
        return post(base, path, body, Map.of());
    }

    /** A POST whose body is read line by line as it arrives. */
    HttpResponse<Stream<String>> postLines(URI base, String path, JsonNode body, Map<String, String> headers) {
        return send(post(request(base, path, headers), body), HttpResponse.BodyHandlers.ofLines());
    }

    private static HttpRequest.Builder request(URI base, String path, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(HANG_GUARD);
        headers.forEach(request::header);
        return request;
    }

    private static HttpRequest.Builder post(HttpRequest.Builder request, JsonNode body) {
        return request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
