package dev.helix.providers.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.fake.ClosedPort;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scans over hosts and ports, bounded in time, once or on an interval. */
class DiscoveryTest {
    private static final DiscoverySettings PATIENT = DiscoverySettings.DEFAULTS
            .withTimeouts(Probing.HANG_GUARD, Probing.HANG_GUARD).withInterval(Duration.ofMinutes(5));

    @Test
    void scansEveryPortOfEveryHostAndReportsWhatAnswers() {
        try (var vllm = FakeUpstream.start(ServerKind.VLLM); var fastChat = FakeUpstream.start(ServerKind.FASTCHAT);
             var jan = FakeUpstream.start(ServerKind.JAN)) {
            int closed = ClosedPort.port();
            var settings = PATIENT.withOnlyPorts(List.of(vllm.port(), fastChat.port(), jan.port(), closed));
            try (var discovery = Discovery.create(settings, Probing.CLOCK, new ManualScheduler())) {
                List<DiscoveredServer> found = discovery.scan();
                assertEquals(Map.of(vllm.baseUri(), ServerKind.VLLM, fastChat.baseUri(), ServerKind.FASTCHAT,
                        jan.baseUri(), ServerKind.JAN), byUrl(found));
                assertTrue(found.stream().filter(s -> s.kind() == ServerKind.JAN).allMatch(DiscoveredServer::needsKey));
                assertEquals(found, discovery.latest());
                assertEquals(Identification.Why.REFUSED, discovery.identifyAll().stream()
                        .filter(i -> i.baseUrl().getPort() == closed).map(i -> ((Identification.Nothing) i).why())
                        .findFirst().orElseThrow());
            }
        }
    }

    @Test
    void aKeyGivenForAServerIsUsedForItsListing() {
        try (var jan = FakeUpstream.start(ServerKind.JAN)) {
            var settings = PATIENT.withOnlyPorts(List.of(jan.port()))
                    .withKeys(ApiKeys.of(Map.of(jan.baseUri(), jan.apiKey().orElseThrow())));
            try (var discovery = Discovery.create(settings, Probing.CLOCK, new ManualScheduler())) {
                DiscoveredServer server = discovery.scan().getFirst();
                assertFalse(server.needsKey());
                assertEquals("fake-model", server.models().getFirst().id());
            }
        }
    }

    @Test
    void aScanEndsWithinItsOwnTimeLimitsWhateverTheTargetsDo() {
        var gate = new Gate();
        try (var hanging = FakeUpstream.start(ServerKind.OLLAMA)) {
            hanging.inject(new Fault.Hang(gate), Fault.Scope.EVERYTHING);
            var settings = DiscoverySettings.DEFAULTS.withTimeouts(Probing.HANG_GUARD, Duration.ofMillis(300))
                    .withOnlyPorts(List.of(hanging.port(), ClosedPort.port()));
            try (var discovery = Discovery.create(settings, Probing.CLOCK, new ManualScheduler())) {
                List<Identification> results = assertTimeoutPreemptively(Probing.HANG_GUARD.multipliedBy(3),
                        discovery::identifyAll);
                assertEquals(Identification.Why.TIMED_OUT, ((Identification.Nothing) results.stream()
                        .filter(i -> i.baseUrl().equals(hanging.baseUri())).findFirst().orElseThrow()).why());
                assertFalse(gate.isOpen(), "the scan gave up on its own");
            }
        } finally {
            gate.open();
        }
    }

    @Test
    void scansRepeatOnTheIntervalUntilClosed() {
        try (var ollama = FakeUpstream.start(ServerKind.OLLAMA)) {
            var scheduler = new ManualScheduler();
            var seen = new ArrayList<List<DiscoveredServer>>();
            var discovery = Discovery.create(PATIENT.withOnlyPorts(List.of(ollama.port())), Probing.CLOCK, scheduler);
            assertTrue(discovery.start(seen::add));
            assertEquals(Duration.ofMinutes(5), scheduler.scheduled.getFirst().interval());
            assertTrue(seen.isEmpty(), "the first scan comes after one interval");
            scheduler.tick();
            scheduler.tick();
            assertEquals(2, seen.size());
            assertEquals(ServerKind.OLLAMA, seen.getLast().getFirst().kind());
            discovery.close();
            scheduler.tick();
            assertEquals(2, seen.size(), "no scans once closed");
        }
    }

    @Test
    void anIntervalOfZeroSwitchesPeriodicScansOff() {
        var scheduler = new ManualScheduler();
        try (var discovery = Discovery.create(PATIENT.withInterval(Duration.ZERO), Probing.CLOCK, scheduler)) {
            assertFalse(discovery.start(servers -> { }));
            assertTrue(scheduler.scheduled.isEmpty());
        }
    }

    @Test
    void targetsAreEveryHostTimesTheDefaultAndExtraPorts() {
        var settings = new DiscoverySettings(List.of("127.0.0.1", "::1"), true, List.of(9999), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 4, Duration.ZERO, ApiKeys.NONE);
        try (var discovery = Discovery.create(settings, Probing.CLOCK, new ManualScheduler())) {
            List<URI> targets = discovery.targets();
            for (int port : List.of(11434, 8000, 8080, 5000, 5001, 1234, 1337, 4891, 9999)) {
                assertTrue(targets.contains(URI.create("http://127.0.0.1:" + port + "/")), "port " + port);
                assertTrue(targets.contains(URI.create("http://[::1]:" + port + "/")), "IPv6 port " + port);
            }
            assertEquals(targets.size(), targets.stream().distinct().count());
        }
        assertEquals(List.of("127.0.0.1"), DiscoverySettings.DEFAULTS.hosts(), "loopback only unless told otherwise");
    }

    private static Map<URI, ServerKind> byUrl(List<DiscoveredServer> servers) {
        var byUrl = new HashMap<URI, ServerKind>();
        servers.forEach(s -> byUrl.put(s.baseUrl(), s.kind()));
        return byUrl;
    }
}
