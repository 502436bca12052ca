package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A streamed answer read to its {@code [DONE]} leaves its connection to the next request, even when the end of the
 * body (the chunked encoding's last chunk) comes after {@code [DONE]}, as it does from a server that writes the
 * event and then completes the response: a proxy that opened a connection per request would pay a connect and the
 * upstream's accept before every first token.
 */
@Timeout(30)
class StreamConnectionReuseTest {
    private static final String EVENTS = """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    /** Serves every chat with {@link #EVENTS}, holding the body open {@code afterDoneMillis} after them. */
    private static HttpServer server(Set<Integer> clientPorts, long afterDoneMillis) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(EVENTS.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(afterDoneMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client let go first: what the second test expects
            }
        });
        server.start();
        return server;
    }

    private static OpenAiCompatibleProvider adapter(HttpServer server) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OpenAiCompatibleProvider(UpstreamEndpoint.of("reuse", ServerProfiles.of(ServerKind.VLLM), base));
    }

    private static ChatRequest chat() {
        return new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Hi")), GenerationOptions.DEFAULTS);
    }

    @Test
    void streamedAnswersOneAfterAnotherShareOneConnection() throws Exception {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        var server = server(ports, 50);
        try (var adapter = adapter(server)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("Hi", adapter.chat(chat()).collect().text());
                Thread.sleep(300); // the body's end arrives 50 ms after [DONE]; then the connection is free again
            }
            assertEquals(1, ports.size(), "connections opened: " + ports);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerIsHandedOverAtItsDoneEvenIfTheBodyStaysOpen() throws Exception {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        var server = server(ports, 10_000);
        try (var adapter = adapter(server)) {
            long start = System.nanoTime();
            assertEquals("Hi", adapter.chat(chat()).collect().text());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < BodyStream.RELEASE_GRACE.toMillis(), "took " + millis + " ms");
        } finally {
            server.stop(0);
        }
    }
}
