package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.concurrent.CountDownLatch;
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

    /** Waits (a hang guard, not a timing) until the adapter's pool holds {@code count} idle connections. */
    private static void awaitIdle(OpenAiCompatibleProvider adapter, int count) throws InterruptedException {
        while (adapter.http.idleConnections() != count) {
            Thread.sleep(5);
        }
    }

    @Test
    void streamedAnswersOneAfterAnotherShareOneConnection() throws Exception {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        var server = server(ports, new CountDownLatch(0));
        try (var adapter = adapter(server)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("Hi", adapter.chat(chat()).collect().text());
                awaitIdle(adapter, 1); // the body's end read off the reader's thread, the connection back in the pool
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
            // the body does not end until the answer has been collected: a reader waiting for the body's end
            // instead of handing the answer over at [DONE] would wait here until the class's timeout fails it
            assertEquals("Hi", adapter.chat(chat()).collect().text());
            end.countDown();
            awaitIdle(adapter, 1);
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
            // past the release grace the exchange is aborted, not kept waiting for its end forever
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
