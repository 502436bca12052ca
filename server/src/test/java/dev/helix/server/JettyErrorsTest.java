package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 12: errors Jetty answers itself, before any route runs, come in the APIs' JSON, not as an HTML
 * page. Raw sockets, since a client library would refuse to send such requests.
 */
@Timeout(60)
@Tag(TestEngine.TAG)
class JettyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Answer(int status, String contentType, String body) {}

    private static Answer send(String requestLine) throws Exception {
        try (var socket = new Socket("127.0.0.1", TestServer.shared().port())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            String contentType = "";
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).strip();
                }
            }
            return new Answer(status, contentType, in.lines().reduce("", String::concat));
        }
    }

    @Test
    void aUriTooLongIsJson() throws Exception {
        Answer a = send("GET /v1/" + "x".repeat(20_000) + " HTTP/1.1");
        assertEquals(414, a.status());
        assertTrue(a.contentType().startsWith("application/json"), a.contentType());
        JsonNode error = JSON.readTree(a.body()).path("error");
        assertTrue(error.path("message").isTextual(), a.body());
    }

    @Test
    void aPathJettyCannotDecodeIsJsonInTheApisShape() throws Exception {
        Answer ollama = send("GET /api/%00 HTTP/1.1");
        assertEquals(400, ollama.status(), ollama.body());
        assertTrue(ollama.contentType().startsWith("application/json"), ollama.contentType());
        assertTrue(JSON.readTree(ollama.body()).has("error"), ollama.body());
    }
}
