package dev.helix.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.helix.provider.Health;
import dev.helix.providers.adapter.OpenAiCompatibleProvider;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.RoutingConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A backend found down is probed again within seconds, not at the next interval. */
class DownRetriesTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void roundsComeSoonerWhileABackendIsDownDoublingUpToTheInterval() {
        var retries = new DownRetries();
        assertEquals(Duration.ofSeconds(1), retries.after(true, INTERVAL));
        assertNull(retries.after(true, INTERVAL), "one early round pending at a time");
        retries.started();
        assertEquals(Duration.ofSeconds(2), retries.after(true, INTERVAL));
        retries.started();
        assertEquals(Duration.ofSeconds(4), retries.after(true, INTERVAL));
        retries.started();
        assertEquals(Duration.ofSeconds(8), retries.after(true, INTERVAL));
        retries.started();
        assertEquals(Duration.ofSeconds(16), retries.after(true, INTERVAL));
        retries.started();
        assertNull(retries.after(true, INTERVAL), "32 s: the interval's own round comes as soon");
        assertNull(retries.after(false, INTERVAL), "none down: no early round");
        assertEquals(Duration.ofSeconds(1), retries.after(true, INTERVAL), "and the next outage starts over");
    }

    @Test
    @Timeout(60)
    void anUpstreamThatComesUpAfterHelixIsServedWithoutWaitingForTheInterval() throws Exception {
        try (var fake = FakeUpstream.start(ServerKind.VLLM)) {
            fake.inject(new Fault.ServerError(503, "starting"), Fault.Scope.EVERYTHING);
            var tenMinutes = new RoutingConfig("priority", Duration.ofMillis(100), Duration.ofSeconds(2), 3,
                    Duration.ofSeconds(30), Duration.ofMinutes(10), false, List.of("127.0.0.1"), List.of(),
                    Duration.ofSeconds(60));
            try (var upstreams = new Upstreams(List.of(ProviderConfig.of("gpu-box", "vllm", fake.baseUri())),
                    List.of(), tenMinutes, config -> new OpenAiCompatibleProvider(UpstreamEndpoints.of(config)),
                    NO_LOCAL_MODELS, InstantSource.system(), System::nanoTime, change -> { })) {
                upstreams.start();
                while (!health(upstreams).equals(Health.Status.DOWN.name())) { // the first round, at once
                    Thread.sleep(10);
                }
                fake.clearFault();
                // the interval is ten minutes: only an early round can see it up within the test's timeout
                while (!health(upstreams).equals(Health.Status.UP.name())) {
                    Thread.sleep(10);
                }
            }
        }
    }

    /** No model of Helix's own. */
    private static final LocalModels NO_LOCAL_MODELS = new LocalModels() {
        @Override
        public dev.helix.router.Lease acquireLocal(String name) {
            throw new java.util.NoSuchElementException(name);
        }

        @Override
        public boolean servesLocally(String name) {
            return false;
        }

        @Override
        public List<dev.helix.provider.ModelInfo> localModels() {
            return List.of();
        }
    };

    private static String health(Upstreams upstreams) {
        return upstreams.status().stream().filter(s -> s.id().equals("gpu-box")).findFirst().orElseThrow().health();
    }
}
