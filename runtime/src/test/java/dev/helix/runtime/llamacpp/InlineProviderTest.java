package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Role;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inline mode: the model in this JVM, streams handed over from a generation thread, consumed here on virtual
 * threads as an HTTP server would. (Several models in one JVM make repeated greedy runs differ, see README, so no
 * output is compared across runs.)
 *
 * <p>Time is controlled, never assumed: a generation runs at most a window of chunks ahead of its reader, so an
 * unbounded generation nobody reads cannot end by itself. The only way its slot comes back is the close.
 */
@Timeout(180)
@Tag(TestEngine.TAG)
class InlineProviderTest {
    private static final CompletionRequest UNBOUNDED = new CompletionRequest("tiny", "Once upon a time",
            GenerationOptions.DEFAULTS.withTemperature(0.0));

    @Test
    void servesStreamsAndFreesItsOnlySlotWhenAStreamIsAbandoned() throws Exception {
        var provider = LlamaCppProvider.load("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(4096).withParallel(1), Duration.ofSeconds(60));
        try (provider; var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Completion> chat = virtual.submit(() -> provider.chat(new ChatRequest("tiny",
                    List.of(new ChatMessage(Role.USER, "Hello")),
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(8))).collect());
            Completion c = chat.get();
            assertFalse(c.text().isEmpty());
            assertTrue(c.usage().completionTokens() > 0 && c.usage().completionTokens() <= 8);

            Future<Chunk> abandoned = virtual.submit(() -> {
                try (ChunkStream stream = provider.complete(UNBOUNDED)) {
                    stream.next();
                    return stream.next();
                }
            });
            assertInstanceOf(Chunk.Token.class, abandoned.get());
            // One slot. Unread, the abandoned generation would hold it for good (it stops a window ahead of its
            // reader), and this request would fail as busy after the queue timeout: only the close frees it.
            Completion next = virtual.submit(() -> provider.complete(new CompletionRequest("tiny", "Hi",
                    GenerationOptions.DEFAULTS.withMaxTokens(3))).collect()).get();
            assertTrue(next.reason() == FinishReason.LENGTH || next.reason() == FinishReason.STOP);
        }
        assertEquals(Health.Status.DOWN, provider.health().status());
        assertThrows(ProviderFailedException.class, () -> provider.complete(new CompletionRequest("tiny", "x",
                GenerationOptions.DEFAULTS)));
    }

    @Test
    void aStreamNobodyReadsStopsAWindowAheadAndKeepsItsSlot() throws Exception {
        var provider = LlamaCppProvider.load("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(4096).withParallel(1), Duration.ofMillis(300));
        try (provider; ChunkStream unread = provider.complete(UNBOUNDED)) {
            assertInstanceOf(Chunk.Token.class, unread.next());
            // The unbounded generation cannot reach the end of its 4096-token context without a reader, so the
            // only slot stays taken however fast this machine is.
            assertThrows(ProviderBusyException.class, () -> provider.complete(new CompletionRequest("tiny", "Hi",
                    GenerationOptions.DEFAULTS.withMaxTokens(3))).collect());
            // Read on, and it keeps going past the window: flow control pauses, it does not end the stream.
            for (int i = 0; i < 3 * FlowWindow.SIZE; i++) {
                assertInstanceOf(Chunk.Token.class, unread.next());
            }
        }
    }
}
