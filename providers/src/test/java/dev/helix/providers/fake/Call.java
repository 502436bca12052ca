package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ServerKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One request to a fake upstream, and the means to answer it in that server's manner. */
final class Call {
    private final HttpExchange exchange;
    private final RecordedRequest request;
    private final FakeUpstream fake;
    private final Fault fault;
    private final Dialect dialect;
    private Stream stream;

    Call(HttpExchange exchange, RecordedRequest request, FakeUpstream fake, Fault fault, Dialect dialect) {
        this.exchange = exchange;
        this.request = request;
        this.fake = fake;
        this.fault = fault;
        this.dialect = dialect;
    }

    RecordedRequest request() {
        return request;
    }

    JsonNode body() {
        return request.json();
    }

    ServerKind kind() {
        return fake.kind();
    }

    Script script() {
        return fake.script();
    }

    Persona persona() {
        return fake.persona();
    }

    /** Whether the fake asks for a key. */
    boolean keyed() {
        return fake.apiKey().isPresent();
    }

    /** Adds a header to the answer (before it is sent). */
    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Whether the request asks to stream; {@code absent} is the server's default. */
    boolean streaming(boolean absent) {
        JsonNode stream = body().path("stream");
        return stream.isBoolean() ? stream.asBoolean() : absent;
    }

    /** The reply's tokens, cut to the request's token limit if it sets one. */
    List<String> tokens() {
        List<String> tokens = script().tokens();
        int limit = limit();
        return limit >= 0 && limit < tokens.size() ? tokens.subList(0, limit) : tokens;
    }

    /** The script's tool calls if the request offers tools (in either dialect's shape), else none. */
    List<Script.ToolCall> toolCalls() {
        JsonNode tools = body().path("tools");
        return tools.isArray() && !tools.isEmpty() ? script().toolCalls() : List.of();
    }

    /** "length" when the token limit cut the reply, else "stop". */
    String finishReason() {
        int limit = limit();
        return limit >= 0 && limit < script().tokens().size() ? "length" : "stop";
    }

    /** The request's token limit, whatever the dialect calls it; -1 when it sets none. */
    private int limit() {
        for (String pointer : List.of("/max_tokens", "/max_completion_tokens", "/n_predict", "/options/num_predict",
                "/max_length")) {
            JsonNode value = body().at(pointer);
            if (value.isNumber() && value.canConvertToInt() && value.asInt() >= 0) {
                return value.asInt();
            }
        }
        return -1;
    }

    /** A rough prompt size: the words of every message and prompt in the request (at least one). */
    int promptTokens() {
        StringBuilder text = new StringBuilder(body().path("prompt").asText(""));
        body().path("messages").forEach(m -> text.append(' ').append(m.path("content").asText("")));
        return Math.max(1, text.toString().strip().split("\\s+").length);
    }

    void json(int status, JsonNode node) throws IOException {
        text(status, persona().jsonType(), Json.write(node));
    }

    void text(int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers(contentType);
        if (request.method().equals("HEAD") || bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    void send(ErrorBodies.Body error) throws IOException {
        String type = error.contentType().equals(ErrorBodies.JSON) ? persona().jsonType() : error.contentType();
        text(error.status(), type, error.text());
    }

    /** An error in this server's shape for the dialect of the route. */
    void error(Dialect dialect, int status, String message) throws IOException {
        send(ErrorBodies.of(kind(), fake.profile().errorShape(dialect), status, message));
    }

    /** Starts a 200 answer of unknown length (chunked), for streams. */
    Stream stream(String contentType) throws IOException {
        headers(contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.flush(); // the status and headers go out now, before the first event
        stream = new Stream(body);
        return stream;
    }

    /** Called before the token at {@code index} is written: a slow fault waits, a dying one drops the connection. */
    void beforeToken(int index) throws IOException, InterruptedException {
        if (fault instanceof Fault.Slow(Gate gate)) {
            gate.pass();
        }
        if (fault instanceof Fault.DieMidStream(int tokens) && index >= tokens) {
            throw new ConnectionKilled("died after " + tokens + " token(s), as told");
        }
        if (fault instanceof Fault.ErrorMidStream(int tokens, String message) && index >= tokens && stream != null) {
            switch (dialect) {
                case OLLAMA -> stream.write(Json.write(Json.object().put("error", message)) + "\n");
                case OPENAI -> stream.write("data: " + Json.write(Json.object().set("error", Json.object()
                        .put("message", message).put("type", "server_error").putNull("param").putNull("code"))) + "\n\n");
                case KOBOLD_NATIVE -> throw new ConnectionKilled("KoboldCpp has no error event: cut off instead");
            }
            stream.end();
            throw new StreamEnded();
        }
    }

    /** Thrown out of a handler whose stream a fault has ended properly: the exchange is over, nothing is wrong. */
    static final class StreamEnded extends IOException {
        StreamEnded() {
            super("the stream was ended by a fault");
        }
    }

    /** Called where a whole (not streamed) answer is written: a dying fault writes half of it and drops the line. */
    void beforeWhole(String body) throws IOException {
        if (fault instanceof Fault.DieMidStream) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers(persona().jsonType());
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new ConnectionKilled("died half-way through the body, as told");
        }
    }

    private void headers(String contentType) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        if (!persona().serverHeader().isEmpty()) {
            headers.set("Server", persona().serverHeader());
        }
        if (kind() == ServerKind.LLAMA_SERVER) {
            // llama-server b4980 sends it empty unless the request has an Origin (README of the captures)
            headers.set("Access-Control-Allow-Origin", request.header("Origin").orElse(""));
        }
    }

    /**
     * A streamed body: each write is flushed at once. {@link #end()} ends it properly; a stream left without it (a
     * fault thrown mid-way) is cut off with the connection.
     */
    static final class Stream {
        private final OutputStream out;

        Stream(OutputStream out) {
            this.out = out;
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void end() throws IOException {
            out.close();
        }
    }
}
