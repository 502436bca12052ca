package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A streamed answer read to its {@code [DONE]} leaves its connection to the next request, even when the end of the
 * body (the chunked encoding's last chunk) comes after {@code [DONE]}, as it does from a server that writes the
 * event and then completes the response: a proxy that opened a connection per request would pay a connect and the
 * upstream's accept before every first token. The answer is handed over at {@code [DONE]}; closing the stream reads
 * the body's end, on the closing thread.
 */
@Timeout(30)
class StreamConnectionReuseTest {
    private static final String EVENTS = """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}

            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    /** Serves every chat with {@link #EVENTS}, then holds the body open until {@code end} opens. */
    private static HttpServer server(Set<Integer> clientPorts, CountDownLatch end) throws IOException {
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
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client let go first
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
        var server = server(ports, new CountDownLatch(0));
        try (var adapter = adapter(server)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("Hi", adapter.chat(chat()).collect().text());
                assertEquals(1, adapter.http.idleConnections(), "the closed stream's connection is back in the pool");
            }
            assertEquals(1, ports.size(), "connections opened: " + ports);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerIsHandedOverAtItsDoneEvenIfTheBodyStaysOpen() throws Exception {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        var end = new CountDownLatch(1);
        var server = server(ports, end);
        try (var adapter = adapter(server)) {
            // the body does not end until the answer has been read: a reader waiting for the body's end instead of
            // handing the answer over at [DONE] would wait here until the class's timeout fails it
            try (var stream = adapter.chat(chat())) {
                var text = new StringBuilder();
                Chunk chunk;
                do {
                    chunk = stream.next();
                    if (chunk instanceof Chunk.Token token) {
                        text.append(token.text());
                    }
                } while (!(chunk instanceof Chunk.Done));
                assertEquals("Hi", text.toString());
                assertEquals(0, adapter.http.idleConnections(), "the body is still open");
                end.countDown();
            }
            assertEquals(1, adapter.http.idleConnections(), "closing read the body's end and kept the connection");
            assertEquals("Hi", adapter.chat(chat()).collect().text());
            assertEquals(1, ports.size(), "connections opened: " + ports);
        } finally {
            end.countDown();
            server.stop(0);
        }
    }

    @Test
    void aBodyThatNeverEndsAfterItsAnswerLosesItsConnection() throws Exception {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        var end = new CountDownLatch(1);
        var server = server(ports, end);
        try (var adapter = adapter(server)) {
            assertEquals("Hi", adapter.chat(chat()).collect().text());
            // past the release grace (closing waits that long at most) the exchange is aborted, not kept forever;
            // the watch aborts it from its own thread, which hands the connection back to the pool as the closing
            // thread returns: the suite's timeout guards a connection never given back
            while (adapter.http.leasedConnections() != 0) {
                Thread.sleep(5);
            }
            assertEquals(0, adapter.http.idleConnections());
        } finally {
            end.countDown();
            server.stop(0);
        }
    }
}
