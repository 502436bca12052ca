package dev.helix.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port that takes webhook POSTs on any path and keeps their JSON bodies per
 * path. {@link #refuseNext} makes a path answer 503 a number of times first, to see retries.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, BlockingQueue<JsonNode>> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            AtomicInteger refuse = refusals.get(path);
            if (refuse != null && refuse.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            queue(path).add(JSON.readTree(body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void refuseNext(String path, int times) {
        refusals.put(path, new AtomicInteger(times));
    }

    int attempts(String path) {
        return attempts.getOrDefault(path, new AtomicInteger()).get();
    }

    private BlockingQueue<JsonNode> queue(String path) {
        return bodies.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    /** The next body posted to {@code path}; fails after 60 s (a hang guard, not a timing assumption). */
    JsonNode next(String path) throws InterruptedException {
        JsonNode body = queue(path).poll(60, TimeUnit.SECONDS);
        if (body == null) {
            throw new AssertionError("no webhook POST to " + path + " within 60 s");
        }
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
