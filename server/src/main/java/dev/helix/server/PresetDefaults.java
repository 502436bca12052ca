package dev.helix.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.router.ModelRouter;
import dev.helix.router.store.ModelPreset;
import dev.helix.server.ollama.OllamaMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's preset (its Ollama manifest's system and params layers, its Jan parameters, a variant made with
 * {@code /api/create}) applied to a request through either API: the system prompt when the request has none, and
 * each parameter the request leaves unset.
 */
final class PresetDefaults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PresetDefaults() {}

    static ModelPreset of(ModelRouter router, String model) {
        return router.find(model).map(e -> router.catalog().preset(e.id())).orElse(ModelPreset.NONE);
    }

    static ChatRequest apply(ModelPreset preset, ChatRequest request) {
        if (preset.isEmpty()) {
            return request;
        }
        List<ChatMessage> messages = request.messages();
        if (preset.system() != null && messages.stream().noneMatch(m -> m.role() == Role.SYSTEM)) {
            messages = new ArrayList<>(messages);
            messages.addFirst(new ChatMessage(Role.SYSTEM, preset.system()));
        }
        return new ChatRequest(request.model(), messages, apply(preset, request.options()), request.tools(),
                request.toolChoice(), request.parallelToolCalls());
    }

    static GenerationOptions apply(ModelPreset preset, GenerationOptions request) {
        if (preset.parameters().isEmpty()) {
            return request;
        }
        GenerationOptions p = OllamaMapper.options(JSON.valueToTree(preset.parameters()), null);
        return new GenerationOptions(or(request.maxTokens(), p.maxTokens()), or(request.temperature(), p.temperature()),
                or(request.topK(), p.topK()), or(request.topP(), p.topP()), or(request.minP(), p.minP()),
                or(request.repeatPenalty(), p.repeatPenalty()), or(request.repeatLastN(), p.repeatLastN()),
                or(request.presencePenalty(), p.presencePenalty()), or(request.frequencyPenalty(), p.frequencyPenalty()),
                or(request.seed(), p.seed()), request.stop().isEmpty() ? p.stop() : request.stop(), request.constraint(),
                or(request.typicalP(), p.typicalP()), request.logitBias(), request.think(), request.logprobs());
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
