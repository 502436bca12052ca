package dev.helix.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.StreamEvent;
import dev.helix.benchmarks.load.StreamParser;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.suite.SoakOutcome.Kind;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The soak's client: one streamed chat request at a time per calling thread, read to its end or left after its
 * first token, and classified ({@link SoakOutcome}). A request that has not ended within the hang limit is
 * counted as hung and cut off by a watcher thread, so one hung request cannot stop the soak.
 */
final class SoakClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final Duration hangLimit;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final Thread watcher;

    /** One request under way, as the watcher sees it. */
    private static final class InFlight {
        final long started = System.nanoTime();
        volatile InputStream body;
        volatile boolean hung;
    }

    SoakClient(URI base, Duration hangLimit) {
        this.base = base;
        this.hangLimit = hangLimit;
        this.watcher = Thread.ofPlatform().daemon().name("soak-hang-watch").start(this::watch);
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (InFlight f : inFlight) {
                if (!f.hung && now - f.started > hangLimit.toNanos() && f.body != null) {
                    f.hung = true;
                    try {
                        f.body.close();
                    } catch (IOException ignored) {
                        // it is cut off either way
                    }
                }
            }
        }
    }

    /** Sends one request; with {@code leave}, goes away after the first piece of text. */
    SoakOutcome send(Api api, StreamRequest request, boolean leave) {
        HttpRequest http = HttpRequest.newBuilder(base.resolve(api.path()))
                .header("Content-Type", "application/json")
                .timeout(hangLimit) // until the headers
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body(api)))
                .build();
        var flight = new InFlight();
        inFlight.add(flight);
        try {
            HttpResponse<InputStream> response = this.http.send(http, HttpResponse.BodyHandlers.ofInputStream());
            flight.body = response.body();
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return refused(api, response.statusCode(), new String(body.readNBytes(4000),
                            StandardCharsets.UTF_8));
                }
                return read(api.parser(body), leave);
            }
        } catch (HttpTimeoutException e) {
            return SoakOutcome.of(Kind.HUNG, "no response headers within " + hangLimit.toSeconds() + " s");
        } catch (IOException e) { // a TornStreamException too: a stream cut off inside a frame
            return flight.hung ? SoakOutcome.of(Kind.HUNG, "no end within " + hangLimit.toSeconds() + " s")
                    : SoakOutcome.of(e instanceof TornStreamException ? Kind.MALFORMED : Kind.TRANSPORT,
                            e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SoakOutcome.of(Kind.TRANSPORT, "interrupted");
        } finally {
            inFlight.remove(flight);
        }
    }

    private static SoakOutcome read(StreamParser parser, boolean leave) throws IOException {
        boolean done = false;
        List<StreamEvent> events;
        while ((events = parser.next()) != null) {
            for (StreamEvent event : events) {
                switch (event) {
                    case StreamEvent.Text t when !t.text().isEmpty() && leave -> {
                        return SoakOutcome.of(Kind.DISCONNECTED);
                    }
                    case StreamEvent.Failure f -> {
                        return f.message().startsWith("unreadable ") ? SoakOutcome.of(Kind.MALFORMED, f.message())
                                : SoakOutcome.of(Kind.STREAM_ERROR, "in the stream: " + f.message());
                    }
                    case StreamEvent.Done d -> done = true;
                    default -> {
                        // text, usage, frames without either
                    }
                }
            }
        }
        return done ? SoakOutcome.of(Kind.OK)
                : SoakOutcome.of(Kind.MALFORMED, "the stream ended without its end or an error");
    }

    /** An error status: in the API's shape ({@code {"error":{"message","type"}}} or {@code {"error":"..."}}) or not. */
    static SoakOutcome refused(Api api, int status, String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            boolean shaped = api == Api.OPENAI
                    ? error.path("message").isTextual() && error.path("type").isTextual()
                    : error.isTextual();
            if (shaped) {
                String message = api == Api.OPENAI ? error.get("message").asText() : error.asText();
                return SoakOutcome.of(Kind.API_ERROR, "HTTP " + status + ": " + message);
            }
        } catch (IOException ignored) {
            // not JSON
        }
        return SoakOutcome.of(Kind.MALFORMED, "HTTP " + status + ": " + (body.length() > 120
                ? body.substring(0, 117) + "..." : body));
    }

    @Override
    public void close() {
        watcher.interrupt();
        http.close();
    }
}
