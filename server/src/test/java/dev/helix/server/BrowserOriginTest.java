package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 2, as a browser would send it: a page on http://localhost:3000 gets its preflight answered and
 * its POST served with CORS headers; a page on http://evil.example gets 403 for both and starts no work; a request
 * under a foreign Host name (DNS rebinding) gets 403 from a loopback-only Helix.
 */
@Timeout(60)
@Tag(TestEngine.TAG)
class BrowserOriginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String origin, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(TestServer.shared().url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (method.equals("OPTIONS")) {
            request.header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,authorization");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLocalWebAppsPreflightAndPostSucceedWithTheAllowHeaders() throws Exception {
        var preflight = send("OPTIONS", "/v1/chat/completions", "http://localhost:3000", null);
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals("http://localhost:3000", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals("content-type,authorization",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));

        var post = send("POST", "/api/copy", "http://localhost:3000",
                "{\"source\":\"tiny\",\"destination\":\"from-a-local-page\"}");
        assertEquals(200, post.statusCode(), post.body());
        assertEquals("http://localhost:3000", post.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals(200, Http.method("DELETE", TestServer.shared().url() + "/api/delete",
                "{\"model\":\"from-a-local-page\"}").statusCode());
    }

    @Test
    void aForeignPageGets403BeforeAnyWork() throws Exception {
        var preflight = send("OPTIONS", "/api/copy", "http://evil.example", null);
        assertEquals(403, preflight.statusCode());
        var post = send("POST", "/api/copy", "http://evil.example",
                "{\"source\":\"tiny\",\"destination\":\"made-by-evil\"}");
        assertEquals(403, post.statusCode());
        assertTrue(JSON.readTree(post.body()).path("error").asText().contains("http://evil.example"), post.body());
        assertFalse(post.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertFalse(Http.get(TestServer.shared().url() + "/api/tags").body().contains("made-by-evil"),
                "the request did nothing");
        var v1 = send("POST", "/v1/chat/completions", "http://evil.example", "{}");
        assertEquals(403, v1.statusCode());
        assertTrue(JSON.readTree(v1.body()).path("error").path("message").asText().contains("not allowed"), v1.body());
    }

    @Test
    void aForeignHostNameIsRefusedByALoopbackServer() throws Exception {
        assertEquals(403, statusWithHost("evil.example:" + TestServer.shared().port()));
        assertEquals(200, statusWithHost("localhost:" + TestServer.shared().port()));
    }

    /** A raw request: the JDK client will not send a Host header of the caller's choosing. */
    private static int statusWithHost(String host) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", TestServer.shared().port())) {
            socket.getOutputStream().write(("GET /api/tags HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return Integer.parseInt(in.readLine().split(" ")[1]);
        }
    }
}
