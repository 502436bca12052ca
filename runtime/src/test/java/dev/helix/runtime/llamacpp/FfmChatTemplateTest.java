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
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * engine: ffm renders the model's own Jinja chat template (dev.helix.runtime.template.ChatTemplate) where it used
 * {@code llama_chat_apply_template}, which refused every template outside llama.cpp's built-in list: on models
 * carrying popular templates and one llama.cpp has never seen, the ffm runner's chat prompt, its prompt tokens and
 * its greedy answer are the binding runner's.
 */
@Timeout(300)
class FfmChatTemplateTest {
    /** The jar's library (b4916) for both engines: a host-tuned build's kernels round differently. */
    private static final RunnerSettings BUNDLED = RunnerSettings.defaults().withNativeLibrary("bundled");

    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    /** A template of no known model: llama.cpp's heuristics do not recognise it, so the old path refused it. */
    static final String UNKNOWN = "{%- for message in messages %}{{ '### ' + message['role'] + ':\\n' }}"
            + "{{ message['content'] }}{{ '\\n\\n' }}{% endfor %}"
            + "{%- if add_generation_prompt %}{{ '### ASSISTANT:\\n' }}{% endif %}";

    static Stream<Arguments> templates() {
        return Stream.of(Arguments.of("unknown to llama.cpp", UNKNOWN),
                Arguments.of("Llama 3.2", corpus("meta-llama-Llama-3.2-3B-Instruct.jinja")),
                Arguments.of("Gemma 2 (no system role)", corpus("google-gemma-2-2b-it.jinja")),
                Arguments.of("Mistral Nemo", corpus("mistralai-Mistral-Nemo-Instruct-2407.jinja")),
                Arguments.of("DeepSeek R1 distill", corpus("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void chatPromptTokensAndAnswerAreTheBindings(String name, String template) {
        Path file = TestModels.custom(RandomLlamaModel.tiny().withChatTemplate(template)
                .withName("helix-ffm-template-" + Integer.toHexString(template.hashCode())));
        ModelLoadOptions options = ModelLoadOptions.DEFAULTS.withContextSize(512).withParallel(1).withThreads(1);
        try (var binding = RunnerProvider.start("m", file, options, BUNDLED);
             var ffm = RunnerProvider.start("m", file, options.withEngine(Engine.FFM), BUNDLED)) {
            var chat = new ChatRequest("m", List.of(new ChatMessage(Role.SYSTEM, "You are terse."),
                    new ChatMessage(Role.USER, "Hello"), new ChatMessage(Role.ASSISTANT, "Hi."),
                    new ChatMessage(Role.USER, "Tell me a story")), GREEDY.withMaxTokens(16));
            String prompt = binding.applyTemplate(chat);
            assertEquals(prompt, ffm.applyTemplate(chat));
            assertArrayEquals(binding.tokenize("m", prompt, true), ffm.tokenize("m", prompt, true));
            Completion expected = binding.chat(chat).collect();
            Completion actual = ffm.chat(chat).collect();
            assertEquals(expected.usage().promptTokens(), actual.usage().promptTokens());
            assertEquals(expected.text(), actual.text());
        }
    }

    @Test
    void aConversationTheTemplateRefusesIsA400AndTheModelServesOn() {
        Path file = TestModels.custom(RandomLlamaModel.tiny().withChatTemplate(corpus("google-gemma-2-2b-it.jinja"))
                .withName("helix-ffm-template-gemma"));
        try (var ffm = RunnerProvider.start("m", file, ModelLoadOptions.DEFAULTS.withContextSize(256)
                .withParallel(1).withThreads(1).withEngine(Engine.FFM), BUNDLED)) {
            var twoUsers = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "a"),
                    new ChatMessage(Role.USER, "b")), GREEDY.withMaxTokens(4));
            var e = assertThrows(InvalidRequestException.class, () -> ffm.chat(twoUsers).collect());
            assertTrue(e.getMessage().contains("Conversation roles must alternate"), e.getMessage());
            assertFalse(ffm.chat(new ChatRequest("m", List.of(new ChatMessage(Role.USER, "a")),
                    GREEDY.withMaxTokens(4))).collect().text().isEmpty());
            assertFalse(ffm.complete(new CompletionRequest("m", "hello", GREEDY.withMaxTokens(4))).collect().text()
                    .isEmpty());
        }
    }

    private static String corpus(String name) {
        try (InputStream in = FfmChatTemplateTest.class.getClassLoader()
                .getResourceAsStream("chat-templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
