package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CLI's view of a running Helix (or Ollama) server, through its Ollama API; sends {@code HELIX_API_KEY} as a
 * bearer token when set.
 */
final class ServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;

    private ServerClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /**
     * The server at host:port if one answers. Nothing listening is known at once (the connection is refused) or
     * within half a second (nothing accepts it); a server that accepted the connection gets ten seconds to answer,
     * so a busy machine's server is not mistaken for none.
     */
    static Optional<ServerClient> probe(String host, int port) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        var client = new ServerClient(http, URI.create("http://" + h + ":" + port));
        try {
            var response = http.send(authorized(HttpRequest.newBuilder(client.base.resolve("/api/version")))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(client) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String address() {
        return base.toString();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        var response = http.send(authorized(HttpRequest.newBuilder(base.resolve(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return checked(response.statusCode(), JSON.readTree(response.body()));
    }

    /** POSTs an empty body to one of Helix's own endpoints and returns its JSON answer. */
    JsonNode post(String path) throws IOException, InterruptedException {
        var response = http.send(authorized(HttpRequest.newBuilder(base.resolve(path)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return checked(response.statusCode(), JSON.readTree(response.body()));
    }

    /** A text answer and one of its headers (null when absent), or the server's error. */
    record Text(String body, String header) {}

    Text text(String path, String header) throws IOException, InterruptedException {
        var response = http.send(authorized(HttpRequest.newBuilder(base.resolve(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            checked(response.statusCode(), JSON.readTree(response.body()));
        }
        return new Text(response.body(), response.headers().firstValue(header).orElse(null));
    }

    /** The running server at the address the options, HELIX_HOST/HELIX_PORT or models.yaml give, or a clear failure. */
    static ServerClient require(AddressOptions address, ConfigOptions config) {
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        return probe(host, port).orElseThrow(() -> new CliException(
                "no Helix server answers at " + host + ":" + port + " (start one with: helix serve)"));
    }

    /**
     * Streams {@code /api/generate}, handing each text piece to {@code onText}.
     *
     * @return the final object (with done_reason and metrics)
     */
    JsonNode generate(ObjectNode request, Consumer<String> onText) throws IOException, InterruptedException {
        return stream("/api/generate", request, node -> node.hasNonNull("response") ? node.get("response").asText()
                : null, onText);
    }

    /** Streams {@code /api/chat}, handing each text piece of the answer to {@code onText}. */
    JsonNode chat(ObjectNode request, Consumer<String> onText) throws IOException, InterruptedException {
        return stream("/api/chat", request, node -> node.path("message").hasNonNull("content")
                ? node.path("message").get("content").asText() : null, onText);
    }

    private JsonNode stream(String path, ObjectNode request, java.util.function.Function<JsonNode, String> textOf,
                            Consumer<String> onText) throws IOException, InterruptedException {
        request.put("stream", true);
        var response = http.send(authorized(HttpRequest.newBuilder(base.resolve(path)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            JsonNode last = null;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = checked(response.statusCode(), JSON.readTree(line));
                String text = textOf.apply(node);
                if (text != null) {
                    onText.accept(text);
                }
                last = node;
            }
            if (last == null || !last.path("done").asBoolean()) {
                throw new IOException("the server ended the answer early");
            }
            return last;
        }
    }

    /**
     * Sends a request whose answer is NDJSON (or one JSON object), handing each object to {@code onLine}; an
     * {@code error} in it is thrown as {@link ServerError}.
     */
    void stream(String method, String path, ObjectNode body, Consumer<JsonNode> onLine)
            throws IOException, InterruptedException {
        var response = http.send(authorized(HttpRequest.newBuilder(base.resolve(path)))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean any = false;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    any = true;
                    onLine.accept(checked(response.statusCode(), JSON.readTree(line)));
                }
            }
            if (!any && response.statusCode() >= 400) {
                throw new ServerError("the server answered HTTP " + response.statusCode());
            }
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String key = System.getenv("HELIX_API_KEY");
        return key == null || key.isBlank() ? request : request.header("Authorization", "Bearer " + key);
    }

    private static JsonNode checked(int status, JsonNode body) throws IOException {
        if (body.hasNonNull("error")) {
            throw new ServerError(body.get("error").asText());
        }
        if (status >= 400) {
            throw new ServerError("the server answered HTTP " + status);
        }
        return body;
    }

    /** An error the server reported, in its own words. */
    static final class ServerError extends IOException {
        ServerError(String message) {
            super(message);
        }
    }
}
