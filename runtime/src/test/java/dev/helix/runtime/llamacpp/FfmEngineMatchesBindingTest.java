package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * engine: ffm against engine: binding, each in a runner process of its own (the engine travels in the load frame):
 * greedy text byte for byte, prompt tokens counted alike, the same chat prompt (with tools too), the same tokens. Both on the jar's
 * library (b4916): a host-tuned build's kernels round differently, so random weights pick other tokens there.
 */
@Timeout(180)
class FfmEngineMatchesBindingTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static final Tool WEATHER = new Tool("weather", "The weather in a city.",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    private static final List<String> PROMPTS = List.of("Once upon a time", "hello world", "The quick brown fox",
            "日本 {\"x\": 1}", "In the beginning there was");

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("ChatML template", TestModels.tiny()),
                Arguments.of("no template (ChatML fallback)", TestModels.tinyWithoutTemplate()),
                Arguments.of("32k vocabulary", TestModels.tinyWithVocabulary(32000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void greedyOutputTemplateAndTokensAreTheBindings(String name, Path file) {
        ModelLoadOptions options = ModelLoadOptions.DEFAULTS.withContextSize(256).withParallel(2).withThreads(1);
        try (var binding = RunnerProvider.start("m", file, options, RunnerSettings.defaults());
             var ffm = RunnerProvider.start("m", file, options.withEngine(Engine.FFM),
                     RunnerSettings.defaults().withNativeLibrary("bundled"))) { // the binding's own library
            for (String prompt : PROMPTS) {
                var request = new CompletionRequest("m", prompt, GREEDY.withMaxTokens(32));
                Completion expected = binding.complete(request).collect();
                Completion actual = ffm.complete(request).collect();
                assertFalse(expected.text().isEmpty(), prompt);
                assertEquals(expected.text(), actual.text(), prompt);
                assertEquals(expected.usage().promptTokens(), actual.usage().promptTokens(), prompt);
                assertArrayEquals(binding.tokenize("m", prompt, true), ffm.tokenize("m", prompt, true), prompt);
            }
            var chat = new ChatRequest("m", List.of(new ChatMessage(Role.SYSTEM, "You are terse."),
                    new ChatMessage(Role.USER, "Hello"), new ChatMessage(Role.ASSISTANT, "Hi."),
                    new ChatMessage(Role.USER, "Tell me a story")), GREEDY.withMaxTokens(24));
            assertEquals(binding.applyTemplate(chat), ffm.applyTemplate(chat));
            assertEquals(binding.chat(chat).collect().text(), ffm.chat(chat).collect().text());
            // tools, a call and its answer: minja's polyfills on ChatML, in the binding and in Java
            var tools = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Weather in Paris?"),
                    new ChatMessage(Role.ASSISTANT, "", List.of(new ChatMessage.ToolCall("c1", "weather",
                            "{\"city\":\"Paris\"}")), null, null),
                    new ChatMessage(Role.TOOL, "clear", List.of(), "c1", "weather")), GREEDY, List.of(WEATHER),
                    ToolChoice.AUTO, false);
            assertEquals(binding.applyTemplate(tools), ffm.applyTemplate(tools));
            int[] tokens = binding.tokenize("m", "<|im_start|>user 日本", false);
            assertEquals(binding.detokenize("m", tokens), ffm.detokenize("m", tokens));
        }
    }

    @org.junit.jupiter.api.Test
    void aToolSchemaNoGrammarFitsIsTheBindingsRefusalAndEmbeddingsAndGenerationGoOn() {
        try (var ffm = RunnerProvider.start("m", TestModels.tiny(), ModelLoadOptions.DEFAULTS.withContextSize(256)
                .withParallel(1).withEngine(Engine.FFM), RunnerSettings.defaults())) {
            var chat = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Weather?")), GREEDY,
                    List.of(WEATHER, new Tool("odd", "", "{\"type\":\"nonsense\"}")), null, false);
            var e = assertThrows(InvalidRequestException.class, () -> ffm.chat(chat).collect());
            assertTrue(e.getMessage().startsWith("tools: the parameters of \"odd\": "), e.getMessage());
            assertEquals("tools", e.param());
            // embeddings in the ffm engine's own embedding context (FfmEmbeddingsTest checks their values)
            var vectors = ffm.embed(new dev.helix.provider.EmbeddingRequest("m", List.of("hello world"))).vectors();
            assertEquals(1, vectors.size());
            assertTrue(vectors.get(0).length > 0);
            assertFalse(ffm.complete(new CompletionRequest("m", "hello", GREEDY.withMaxTokens(4))).collect().text()
                    .isEmpty(), "generation goes on beside the embedding context");
        }
    }
}
