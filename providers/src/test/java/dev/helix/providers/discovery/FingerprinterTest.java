package dev.helix.providers.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.discovery.DiscoveredModel.LoadState;
import dev.helix.providers.discovery.Identification.Found;
import dev.helix.providers.discovery.Identification.Nothing;
import dev.helix.providers.fake.ClosedPort;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The fingerprinter against every kind's fake, kinds that share a port, and things that are no LLM server. */
class FingerprinterTest {
    @AutoClose
    private static final Probing PROBING = new Probing();

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, mode = EnumSource.Mode.EXCLUDE, names = "OPENAI_COMPATIBLE")
    void identifiesEveryKindAndListsItsModel(ServerKind kind) {
        try (var fake = FakeUpstream.start(kind)) {
            DiscoveredServer server = found(PROBING.fingerprinter.identify(fake.baseUri(), fake.apiKey()));
            assertEquals(kind, server.kind(), server.evidence());
            assertEquals(fake.baseUri(), server.baseUrl());
            assertFalse(server.needsKey());
            assertEquals(Probing.NOW, server.seenAt());
            assertTrue(server.models().stream().anyMatch(m -> m.id().contains("fake-model")), server.models().toString());
        }
    }

    /**
     * A server started with a key is still recognised by the endpoints it leaves open, and said to need a key when
     * its listing is not one of them. (LM Studio is left out: what it answers without a key is not known here.)
     */
    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"VLLM", "LOCALAI", "FASTCHAT", "TEXT_GENERATION_WEBUI", "JAN",
            "KOBOLDCPP", "TABBYAPI", "LLAMA_SERVER", "HELIX"})
    void identifiesAKindStartedWithAKeyWithoutKnowingTheKey(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).apiKey("secret").start()) {
            DiscoveredServer server = found(PROBING.fingerprinter.identify(fake.baseUri()));
            assertEquals(kind, server.kind(), server.evidence());
            assertEquals(!fake.profile().auth().openPaths().contains(fake.profile().modelsPath()), server.needsKey());
            assertTrue(fake.requests().stream().noneMatch(r -> r.header("Authorization").isPresent()
                    || r.header("X-API-Key").isPresent()), "probes carry no key");
        }
    }

    static Stream<Arguments> kindsSharingAPort() {
        return Stream.of(Arguments.of(ServerKind.LOCALAI, ServerKind.MLX), // 8080
                Arguments.of(ServerKind.LLAMA_SERVER, ServerKind.MISTRALRS), // 8080
                Arguments.of(ServerKind.LOCALAI, ServerKind.LLAMA_SERVER), // 8080
                Arguments.of(ServerKind.VLLM, ServerKind.FASTCHAT), // 8000
                Arguments.of(ServerKind.TABBYAPI, ServerKind.TEXT_GENERATION_WEBUI), // 5000
                Arguments.of(ServerKind.TABBYAPI, ServerKind.KOBOLDCPP), // 5000
                Arguments.of(ServerKind.LM_STUDIO, ServerKind.MISTRALRS), // 1234
                Arguments.of(ServerKind.OLLAMA, ServerKind.HELIX)); // 11434
    }

    @ParameterizedTest
    @MethodSource("kindsSharingAPort")
    void tellsApartKindsThatShareADefaultPort(ServerKind one, ServerKind other) {
        try (var a = FakeUpstream.start(one); var b = FakeUpstream.start(other)) {
            assertEquals(one, found(PROBING.fingerprinter.identify(a.baseUri())).kind());
            assertEquals(other, found(PROBING.fingerprinter.identify(b.baseUri())).kind());
        }
    }

    /** A server that speaks OpenAI's API and nothing that tells it apart is no kind discovery reports. */
    @Test
    void anOpenAiServerOfNoKnownKindIsUnrecognised() {
        try (var fake = FakeUpstream.start(ServerKind.OPENAI_COMPATIBLE)) {
            var nothing = assertInstanceOf(Nothing.class, PROBING.fingerprinter.identify(fake.baseUri()));
            assertEquals(Identification.Why.UNRECOGNISED, nothing.why());
        }
    }

    @Test
    void aClosedPortIsNothing() {
        var nothing = assertInstanceOf(Nothing.class, PROBING.fingerprinter.identify(ClosedPort.uri()));
        assertEquals(Identification.Why.REFUSED, nothing.why());
    }

    @Test
    void aServerThatIsNoLlmServerIsNothing() {
        for (var server : List.of(Probing.sameForEverything(404, "text/plain", "not found"),
                Probing.sameForEverything(200, "text/html", "<html>a web app</html>"),
                Probing.sameForEverything(200, "application/json",
                        "{\"object\":\"list\",\"data\":[],\"status\":\"healthy\",\"version\":\"1\",\"result\":\"x\"}"))) {
            try {
                var nothing = assertInstanceOf(Nothing.class, PROBING.fingerprinter.identify(Probing.uri(server)));
                assertEquals(Identification.Why.UNRECOGNISED, nothing.why());
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void aServerThatRequiresAKeyIsReportedAsItsKindNeedingOne() {
        try (var jan = FakeUpstream.start(ServerKind.JAN); var tabby = FakeUpstream.start(ServerKind.TABBYAPI)) {
            for (var fake : List.of(jan, tabby)) {
                DiscoveredServer server = found(PROBING.fingerprinter.identify(fake.baseUri()));
                assertEquals(fake.kind(), server.kind());
                assertTrue(server.needsKey(), fake.kind() + " needs a key");
                assertTrue(server.models().isEmpty());
            }
            DiscoveredServer keyed = found(PROBING.fingerprinter.identify(jan.baseUri(), jan.apiKey()));
            assertFalse(keyed.needsKey());
            assertEquals(List.of("fake-model"), keyed.models().stream().map(DiscoveredModel::id).toList());
            assertTrue(jan.requests().stream().filter(r -> r.header("Authorization").isPresent())
                    .allMatch(r -> r.line().equals("GET /v1/models")), "the key goes to the listing only");
        }
    }

    @Test
    void aHangingServerIsGivenUpOnWithinTheProbeTime() throws Exception {
        var gate = new Gate();
        try (var fake = FakeUpstream.start(ServerKind.VLLM); var probing = new Probing(Duration.ofMillis(200))) {
            fake.inject(new Fault.Hang(gate), Fault.Scope.EVERYTHING);
            Identification result = assertTimeoutPreemptively(Probing.HANG_GUARD.multipliedBy(3),
                    () -> probing.fingerprinter.identify(fake.baseUri()));
            assertEquals(Identification.Why.TIMED_OUT, assertInstanceOf(Nothing.class, result).why());
            assertFalse(gate.isOpen(), "given up on while the server still hangs");
        } finally {
            gate.open();
        }
    }

    @Test
    void listingsSayWhatTheServerSays() {
        try (var ollama = FakeUpstream.start(ServerKind.OLLAMA); var lmStudio = FakeUpstream.start(ServerKind.LM_STUDIO);
             var vllm = FakeUpstream.start(ServerKind.VLLM); var mistral = FakeUpstream.start(ServerKind.MISTRALRS);
             var kobold = FakeUpstream.start(ServerKind.KOBOLDCPP); var llama = FakeUpstream.start(ServerKind.LLAMA_SERVER)) {
            OptionalInt context = OptionalInt.of(4096);
            assertEquals(List.of(new DiscoveredModel("fake-model:latest", Optional.empty(), context, LoadState.LOADED)),
                    models(ollama));
            assertEquals(List.of(new DiscoveredModel("fake-model", Optional.empty(), context, LoadState.LOADED)),
                    models(lmStudio));
            assertEquals(List.of(new DiscoveredModel("fake-model", Optional.of("vllm"), context, LoadState.UNKNOWN)),
                    models(vllm));
            assertEquals(List.of(new DiscoveredModel("default", Optional.of("local"), OptionalInt.empty(),
                            LoadState.UNKNOWN), new DiscoveredModel("fake-model", Optional.of("local"), OptionalInt.empty(),
                            LoadState.LOADED)), models(mistral));
            assertEquals(List.of(new DiscoveredModel("koboldcpp/fake-model", Optional.empty(), context, LoadState.LOADED)),
                    models(kobold));
            assertEquals(List.of(new DiscoveredModel("fake-model", Optional.of("llamacpp"), context, LoadState.UNKNOWN)),
                    models(llama));
        }
    }

    private static List<DiscoveredModel> models(FakeUpstream fake) {
        return found(PROBING.fingerprinter.identify(fake.baseUri())).models();
    }

    private static DiscoveredServer found(Identification identification) {
        return assertInstanceOf(Found.class, identification, identification::toString).server();
    }
}
