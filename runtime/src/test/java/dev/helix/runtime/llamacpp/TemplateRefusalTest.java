package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A conversation the model's own template refuses ({@code raise_exception}: Gemma 2's "roles must alternate") is a
 * 400 with the template's message on both engines, and the runner goes on serving: b4916's minja lets the exception
 * through JNI, which aborted the binding's whole runner and every stream on it.
 */
@Tag(TestEngine.TAG)
@Timeout(120)
class TemplateRefusalTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(4);

    @Test
    void aConversationTheTemplateRefusesIsA400AndTheRunnerServesOn() throws IOException {
        Path file = TestModels.custom(RandomLlamaModel.tiny().withChatTemplate(resource(
                "chat-templates/google-gemma-2-2b-it.jinja")).withName("helix-refusal-gemma-2"));
        try (var provider = RunnerProvider.start("m", file, TestEngine.options(ModelLoadOptions.DEFAULTS
                .withContextSize(256).withParallel(1)), RunnerSettings.defaults().withNativeLibrary("bundled"))) {
            var twoUserTurns = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Hi"),
                    new ChatMessage(Role.USER, "Hi again")), GREEDY);
            var refused = assertThrows(InvalidRequestException.class, () -> provider.chat(twoUserTurns).collect());
            assertEquals("messages", refused.param());
            assertTrue(refused.getMessage().contains("Conversation roles must alternate"), refused.getMessage());

            var fine = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Hi")), GREEDY);
            assertFalse(provider.chat(fine).collect().text().isEmpty(), "the same runner answers the next request");
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = TemplateRefusalTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
