package dev.helix.providers.discovery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;

/** A fingerprinter for tests: its own HTTP client, a fixed clock; timeouts that only guard against hangs. */
final class Probing implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Long enough never to cut a fake that answers; it only bounds a hang. */
    static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final HttpClient client;
    final Fingerprinter fingerprinter;

    Probing() {
        this(HANG_GUARD);
    }

    Probing(Duration probeTimeout) {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HANG_GUARD)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        fingerprinter = new Fingerprinter(client, probeTimeout, 16, CLOCK);
    }

    @Override
    public void close() {
        client.shutdownNow();
        client.close();
    }

    /** A plain HTTP server that answers every request with the same status and body, as no LLM server does. */
    static HttpServer sameForEverything(int status, String contentType, String body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
