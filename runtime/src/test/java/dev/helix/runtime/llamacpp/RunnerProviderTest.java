package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Role;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real inference in a real runner process: one runner shared by the tests that do not end it. */
@Timeout(120)
@Tag(TestEngine.TAG)
class RunnerProviderTest {
    private static final String MODEL = "tiny";
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static RunnerProvider provider;

    @BeforeAll
    static void start() {
        provider = RunnerProvider.start(MODEL, TestModels.tiny(),
                TestEngine.defaults().withContextSize(256).withParallel(2), RunnerSettings.defaults());
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private static ChunkStream complete(String prompt, GenerationOptions options) {
        return provider.complete(new CompletionRequest(MODEL, prompt, options));
    }

    @Test
    void greedyOutputIsIdenticalAcrossRunsAndBetweenStreamingAndCollected() {
        Completion first = complete("Once upon a time", GREEDY.withMaxTokens(24)).collect();
        Completion second = complete("Once upon a time", GREEDY.withMaxTokens(24)).collect();
        var streamed = new StringBuilder();
        Chunk.Done done = null;
        try (ChunkStream stream = complete("Once upon a time", GREEDY.withMaxTokens(24))) {
            while (stream.hasNext()) {
                switch (stream.next()) {
                    case Chunk.Token token -> streamed.append(token.text());
                    case Chunk.ToolCall call -> throw new AssertionError("no tools were offered: " + call);
                    case Chunk.Reasoning thought -> throw new AssertionError("no reasoning was asked for: " + thought);
                    case Chunk.Done d -> done = d;
                }
            }
        }
        assertFalse(first.text().isEmpty(), "the model generated nothing");
        assertEquals(first.text(), second.text());
        assertEquals(first.text(), streamed.toString());
        assertEquals(first.usage(), done.usage());
        assertTrue(first.usage().completionTokens() > 0 && first.usage().completionTokens() <= 24, first.usage().toString());
        assertTrue(first.usage().promptTokens() >= 4, first.usage().toString());
    }

    @Test
    void maxTokensEndsWithLength() {
        Completion c = complete("Once upon a time", GREEDY.withMaxTokens(3)).collect();
        assertTrue(c.reason() == FinishReason.LENGTH || c.usage().completionTokens() < 3, c.toString());
    }

    @Test
    void zeroMaxTokensGeneratesNothing() {
        Completion c = complete("Once upon a time", GREEDY.withMaxTokens(0)).collect();
        assertEquals("", c.text());
        assertEquals(FinishReason.LENGTH, c.reason());
        assertEquals(0, c.usage().completionTokens());
    }

    @Test
    void stopStringEndsTheTextBeforeIt() {
        String full = complete("Once upon a time", GREEDY.withMaxTokens(32)).collect().text();
        assertTrue(full.length() > 12, "need some text to cut: " + full);
        String stop = full.substring(6, 9);
        int cut = full.indexOf(stop);
        Completion c = complete("Once upon a time", GREEDY.withMaxTokens(32).withStop(List.of(stop))).collect();
        assertEquals(full.substring(0, cut), c.text());
        assertEquals(FinishReason.STOP, c.reason());
    }

    @Test
    void chatRendersTheTemplate() {
        var chat = new ChatRequest(MODEL, List.of(new ChatMessage(Role.SYSTEM, "Be brief."),
                new ChatMessage(Role.USER, "Hello")), GREEDY.withMaxTokens(8));
        Completion c = provider.chat(chat).collect();
        Completion raw = complete("Hello", GREEDY.withMaxTokens(8)).collect();
        assertTrue(c.usage().promptTokens() > raw.usage().promptTokens() + 4,
                "the template adds role markers: " + c.usage() + " vs " + raw.usage());
    }

    @Test
    void promptLongerThanTheContextIsABadRequest() {
        String prompt = "Once upon a time there was a dog. ".repeat(200);
        var stream = complete(prompt, GREEDY.withMaxTokens(4));
        var error = assertThrows(InvalidRequestException.class, stream::next);
        assertTrue(error.getMessage().contains("context"), error.getMessage());
    }

    @Test
    void otherModelNamesAreNotServed() {
        assertThrows(ModelNotFoundException.class,
                () -> provider.complete(new CompletionRequest("other", "x", GREEDY)));
    }

    @Test
    void concurrentRequestsGetTheSameGreedyOutput() throws Exception {
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            Callable<String> task = () -> complete("The cat", GREEDY.withMaxTokens(16)).collect().text();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(task));
            }
            String expected = results.get(0).get();
            for (Future<String> r : results) {
                assertEquals(expected, r.get());
            }
        }
    }

    @Test
    void embeddingsAreUnitVectorsOfTheModelWidth() {
        Embeddings e = provider.embed(new EmbeddingRequest(MODEL, List.of("hello world", "goodbye")));
        assertEquals(2, e.vectors().size());
        int width = e.vectors().get(0).length;
        assertTrue(width > 0);
        for (float[] v : e.vectors()) {
            assertEquals(width, v.length);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3);
        }
        assertTrue(e.promptTokens() >= 3, "tokens: " + e.promptTokens());
    }

    @Test
    void healthIsUpWhileTheRunnerLives() {
        assertEquals(Health.Status.UP, provider.health().status());
        assertTrue(ProcessHandle.of(provider.pid()).map(ProcessHandle::isAlive).orElse(false));
    }
}
