package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.ChatMessage;
import dev.helix.runtime.ChatRequest;
import dev.helix.runtime.Chunk;
import dev.helix.runtime.ChunkStream;
import dev.helix.runtime.Completion;
import dev.helix.runtime.CompletionRequest;
import dev.helix.runtime.FinishReason;
import dev.helix.runtime.GenerationOptions;
import dev.helix.runtime.Health;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.ProviderFailedException;
import dev.helix.runtime.Role;
import dev.helix.runtime.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inline mode: the model in this JVM, streams handed over from a generation thread, consumed here on virtual
 * threads as an HTTP server would. (Several models in one JVM make repeated greedy runs differ, see README, so no
 * output is compared across runs.)
 */
@Timeout(120)
class InlineProviderTest {

    @Test
    void servesStreamsAndFreesItsOnlySlotWhenAStreamIsAbandoned() throws Exception {
        var provider = LlamaCppProvider.load("tiny", TestModels.tiny(),
                ModelLoadOptions.DEFAULTS.withContextSize(4096).withParallel(1), Duration.ofMillis(1500));
        try (provider; var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Completion> chat = virtual.submit(() -> provider.chat(new ChatRequest("tiny",
                    List.of(new ChatMessage(Role.USER, "Hello")),
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(8))).collect());
            Completion c = chat.get();
            assertFalse(c.text().isEmpty());
            assertTrue(c.usage().completionTokens() > 0 && c.usage().completionTokens() <= 8);

            Completion whole = virtual.submit(() -> provider.complete(new CompletionRequest("tiny",
                    "Once upon a time", GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(2500))).collect())
                    .get();
            assertTrue(whole.timings().generationNanos() > Duration.ofMillis(1500).toNanos(),
                    "the test needs a generation that outlasts the queue timeout: " + whole.usage() + " in "
                            + whole.timings().generationNanos() / 1_000_000 + " ms");

            Future<Chunk> abandoned = virtual.submit(() -> {
                try (ChunkStream stream = provider.complete(new CompletionRequest("tiny", "Once upon a time",
                        GenerationOptions.DEFAULTS.withTemperature(0.0)))) {
                    stream.next();
                    return stream.next();
                }
            });
            assertInstanceOf(Chunk.class, abandoned.get());
            // One slot and a 1.5 s queue: the abandoned generation, had it kept running, would outlast it.
            Completion next = virtual.submit(() -> provider.complete(new CompletionRequest("tiny", "Hi",
                    GenerationOptions.DEFAULTS.withMaxTokens(3))).collect()).get();
            assertTrue(next.reason() == FinishReason.LENGTH || next.reason() == FinishReason.STOP);
        }
        assertEquals(Health.Status.DOWN, provider.health().status());
        assertThrows(ProviderFailedException.class, () -> provider.complete(new CompletionRequest("tiny", "x",
                GenerationOptions.DEFAULTS)));
    }
}
