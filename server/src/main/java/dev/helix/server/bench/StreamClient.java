package dev.helix.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends streamed chat requests to any OpenAI- or Ollama-compatible server and times what comes back. Thread-safe:
 * one client serves many concurrent (virtual) threads, each blocking on its own response. Server errors are results,
 * never exceptions, so a load run counts them instead of stopping.
 */
public final class StreamClient implements AutoCloseable {
    private final HttpClient http;
    private final URI base;
    private final Api api;
    private final Duration timeout;

    /**
     * @param base    the server's base URL, e.g. {@code http://127.0.0.1:11434} (no {@code /v1})
     * @param timeout longest wait for the response to start (prompt processing included)
     */
    public StreamClient(URI base, Api api, Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = base;
        this.api = api;
        this.timeout = timeout;
    }

    public Api api() {
        return api;
    }

    public URI base() {
        return base;
    }

    /** Sends one request and reads its stream to the end. */
    public StreamResult stream(StreamRequest request) {
        HttpRequest http = HttpRequest.newBuilder(base.resolve(api.path()))
                .header("Content-Type", "application/json")
                .header("Accept", api == Api.OPENAI ? "text/event-stream" : "application/x-ndjson")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body(api)))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = this.http.send(http, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
                    return StreamResult.failed("HTTP " + response.statusCode() + ": " + errorMessage(text),
                            System.nanoTime() - start);
                }
                return read(body, api.parser(), start);
            }
        } catch (HttpTimeoutException e) {
            return StreamResult.failed("timed out after " + timeout.toSeconds() + " s", System.nanoTime() - start);
        } catch (IOException e) {
            return StreamResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamResult.failed("interrupted", System.nanoTime() - start);
        }
    }

    /** Reads a stream of lines, timing the first and last non-empty pieces of text. */
    static StreamResult read(InputStream body, StreamParser parser, long start) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        var text = new StringBuilder();
        long first = 0;
        long last = 0;
        int tokens = 0;
        int promptTokens = -1;
        int completionTokens = -1;
        boolean done = false;
        String line;
        while ((line = reader.readLine()) != null) {
            for (StreamEvent event : parser.parse(line)) {
                switch (event) {
                    case StreamEvent.Text t when !t.text().isEmpty() -> {
                        last = System.nanoTime() - start;
                        if (tokens++ == 0) {
                            first = last;
                        }
                        text.append(t.text());
                    }
                    case StreamEvent.Usage u -> {
                        promptTokens = u.promptTokens();
                        completionTokens = u.completionTokens();
                    }
                    case StreamEvent.Done d -> done = true;
                    case StreamEvent.Failure f -> {
                        return new StreamResult(false, f.message(), first, last, System.nanoTime() - start, tokens,
                                promptTokens, completionTokens, text.toString());
                    }
                    default -> {
                        // empty text, ignored lines
                    }
                }
            }
        }
        long total = System.nanoTime() - start;
        return new StreamResult(done, done ? null : "the stream ended before the answer was complete", first, last,
                total, tokens, promptTokens, completionTokens, text.toString());
    }

    /** The message inside an OpenAI or Ollama error body, or the body itself. */
    static String errorMessage(String body) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            var error = node.path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: quote it
        }
        return SseParser.abbreviate(body.strip());
    }

    @Override
    public void close() {
        http.close();
    }
}
