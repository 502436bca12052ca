package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Health;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.fake.ClosedPort;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever dialect an adapter speaks, a misbehaving server gives a clear, retriable failure naming the backend, and
 * never a hang: one server of each dialect (vLLM for OpenAI's, Ollama, KoboldCpp), each fault, streamed and whole.
 * Timeouts here are 300 ms and fail a test only if Helix hangs: the fake waits at a gate, not a clock.
 */
@Timeout(60)
class AdapterFaultsTest {
    private static final ChatRequest CHAT = Sent.chat();
    private static final Duration SHORT = Duration.ofMillis(300);

    /** The first kind that prefers each dialect. */
    static Stream<ServerKind> oneKindPerDialect() {
        return Stream.of(Dialect.values()).map(d -> Stream.of(ServerKind.values())
                .filter(k -> ServerProfiles.of(k).preferredDialect() == d).findFirst().orElseThrow());
    }

    static Stream<Arguments> oneKindPerDialectStreamedAndWhole() {
        return oneKindPerDialect().flatMap(k -> Stream.of(Arguments.of(k, true), Arguments.of(k, false)));
    }

    private static UpstreamProvider adapter(FakeUpstream fake, boolean streaming, Duration timeout) {
        return Adapters.open(UpstreamEndpoint.of("test-" + fake.kind().name().toLowerCase(), fake.profile(),
                fake.baseUri()).withStreaming(streaming).withTimeout(timeout));
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialectStreamedAndWhole")
    void aServerErrorIsARetriableFailureInTheServersWords(ServerKind kind, boolean streaming) {
        try (var fake = FakeUpstream.start(kind); var adapter = adapter(fake, streaming, Duration.ofSeconds(30))) {
            fake.inject(Fault.ServerError.internal());
            var error = assertThrows(ProviderFailedException.class, () -> adapter.chat(CHAT).collect());
            assertTrue(error.retriable());
            assertEquals(adapter.id() + " answered 500: the fake upstream failed on purpose", error.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialect")
    void aStreamThatDiesMidwayFailsAfterItsFirstTokens(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).reply("a", "b", "c", "d").start();
             var adapter = adapter(fake, true, Duration.ofSeconds(30))) {
            fake.inject(new Fault.DieMidStream(2));
            try (ChunkStream stream = adapter.chat(CHAT)) {
                assertEquals(new Chunk.Token("a"), stream.next());
                assertEquals(new Chunk.Token("b"), stream.next());
                var error = assertThrows(ProviderFailedException.class, stream::next);
                assertTrue(error.getMessage().startsWith(adapter.endpoint().describe()), error.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialectStreamedAndWhole")
    void aCutOrMalformedAnswerIsAFailureNotACrash(ServerKind kind, boolean streaming) {
        for (Fault fault : List.of(new Fault.MalformedJson(), new Fault.DieMidStream(0))) {
            try (var fake = FakeUpstream.start(kind); var adapter = adapter(fake, streaming, Duration.ofSeconds(30))) {
                fake.inject(fault);
                var error = assertThrows(ProviderException.class, () -> adapter.chat(CHAT).collect());
                assertInstanceOf(ProviderFailedException.class, error, fault + ": " + error.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialectStreamedAndWhole")
    void anUpstreamThatHangsPastTheTimeoutFailsAndIsLetGo(ServerKind kind, boolean streaming) {
        var gate = new Gate();
        try (var fake = FakeUpstream.start(kind); var adapter = adapter(fake, streaming, SHORT)) {
            fake.inject(new Fault.Hang(gate));
            var error = assertThrows(ProviderFailedException.class, () -> adapter.chat(CHAT).collect());
            assertTrue(error.getMessage().endsWith("did not answer within 300 ms"), error.getMessage());
        } finally {
            gate.open();
        }
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialect")
    void aStreamThatGoesSilentPastTheTimeoutFails(ServerKind kind) {
        var gate = new Gate();
        try (var fake = FakeUpstream.builder(kind).reply("a", "b", "c").start(); var adapter = adapter(fake, true, SHORT)) {
            fake.inject(new Fault.Slow(gate));
            gate.allow(1);
            try (ChunkStream stream = adapter.chat(CHAT)) {
                assertEquals(new Chunk.Token("a"), stream.next());
                var error = assertThrows(ProviderFailedException.class, stream::next);
                assertTrue(error.getMessage().endsWith("sent nothing for 300 ms"), error.getMessage());
            }
        } finally {
            gate.open();
        }
    }

    @ParameterizedTest
    @MethodSource("oneKindPerDialect")
    void aRefusedConnectionIsARetriableFailureAndProbesDown(ServerKind kind) {
        try (var adapter = Adapters.open(UpstreamEndpoint.of("gone", ServerProfiles.of(kind), ClosedPort.uri()))) {
            var error = assertThrows(ProviderFailedException.class, () -> adapter.chat(CHAT));
            assertTrue(error.getMessage().contains("refused the connection"), error.getMessage());
            assertEquals(Health.Status.DOWN, adapter.probe().status());
        }
    }
}
