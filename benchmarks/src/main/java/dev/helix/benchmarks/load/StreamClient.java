package dev.helix.benchmarks.load;

import dev.helix.protocol.stream.TornStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

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
        return stream(request.body(api));
    }

    /**
     * Sends a request body of the caller's own (with fields {@link StreamRequest} does not carry, such as
     * {@code logit_bias}) to this client's endpoint, streamed, and reads its stream to the end.
     */
    public StreamResult stream(byte[] requestBody) {
        HttpRequest http = HttpRequest.newBuilder(base.resolve(api.path()))
                .header("Content-Type", "application/json")
                .header("Accept", api == Api.OPENAI ? "text/event-stream" : "application/x-ndjson")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody))
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
                return read(api.parser(body), start);
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

    /** Reads a stream to its end, timing the first and last non-empty pieces of text. */
    static StreamResult read(StreamParser parser, long start) throws IOException {
        var text = new StringBuilder();
        long first = 0;
        long last = 0;
        int tokens = 0;
        int promptTokens = -1;
        int completionTokens = -1;
        boolean done = false;
        String failure = null;
        try {
            List<StreamEvent> events;
            reading:
            while ((events = parser.next()) != null) {
                for (StreamEvent event : events) {
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
                            failure = f.message();
                            break reading;
                        }
                        default -> {
                            // empty text, ignored frames
                        }
                    }
                }
            }
        } catch (TornStreamException e) {
            failure = e.getMessage();
        }
        if (failure == null && !done) {
            failure = "the stream ended before the answer was complete";
        }
        return new StreamResult(failure == null, failure, first, last, System.nanoTime() - start, tokens, promptTokens,
                completionTokens, text.toString());
    }

    /** The message inside an OpenAI or Ollama error body, or the body itself. */
    static String errorMessage(String body) {
        try {
            String message = Payloads.errorMessage(Payloads.JSON.readTree(body));
            if (message != null) {
                return message;
            }
        } catch (IOException ignored) {
            // not JSON: quote it
        }
        return Payloads.abbreviate(body.strip());
    }

    @Override
    public void close() {
        http.close();
    }
}
