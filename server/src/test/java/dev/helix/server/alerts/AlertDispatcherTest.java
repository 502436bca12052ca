package dev.helix.server.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.helix.events.HelixEvent;
import dev.helix.protocol.WireJson;
import dev.helix.router.config.ObservabilityConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A webhook that does not answer never holds the publisher: alerts queue behind it up to the queue's size, the oldest
 * are dropped and counted, and once it answers the queued ones (the newest) are delivered in order. Events that are
 * not alerts, or not chosen in {@code events}, are not sent at all.
 */
class AlertDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(60)
    void aStuckWebhookDropsTheOldestAndNeverBlocksThePublisher() throws Exception {
        var arrived = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var subjects = new LinkedBlockingQueue<String>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            subjects.add(JSON.readTree(exchange.getRequestBody().readAllBytes()).get("subject").asText());
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        var config = new ObservabilityConfig.Alerts(List.of(new ObservabilityConfig.Sink("webhook", url, Map.of())),
                java.util.Set.of("backend_down"), 2, 1, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofSeconds(60), 3, Duration.ofMinutes(5));
        try (var alerts = new AlertDispatcher(config, WireJson.mapper(), Clock.systemUTC(), "test-host")) {
            alerts.publish(new HelixEvent.BackendDown("b1", "refused"));
            assertTrue(arrived.await(60, TimeUnit.SECONDS), "the first alert reached the webhook");
            for (int i = 2; i <= 6; i++) {
                alerts.publish(new HelixEvent.BackendDown("b" + i, "refused")); // returns at once though stuck
            }
            alerts.publish(new HelixEvent.BackendUp("b1", "ok")); // not chosen in events: never queued
            alerts.publish(new HelixEvent.ModelLoaded("m", Duration.ZERO, 1)); // not an alert at all
            assertEquals(3, alerts.counts().get(0).dropped(), "b2, b3 and b4 dropped; b5 and b6 queued");
            release.countDown();
            assertEquals("b1", subjects.poll(60, TimeUnit.SECONDS));
            assertEquals("b5", subjects.poll(60, TimeUnit.SECONDS));
            assertEquals("b6", subjects.poll(60, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            hook.stop(0);
        }
        assertEquals(null, subjects.poll(), "nothing else was sent");
    }
}
