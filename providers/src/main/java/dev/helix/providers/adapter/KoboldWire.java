package dev.helix.providers.adapter;

import dev.helix.protocol.kobold.KoboldGenerateRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.providers.upstream.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helix's requests in KoboldAI's native API, which takes a prompt and has no chat template of its own. A chat is
 * rendered to a prompt with one plain template, the same for every model: each system message as it is, followed by a
 * blank line, then the turns as {@code User: ...} and {@code Assistant: ...} lines, ending with {@code Assistant:} for
 * the model to go on from; {@code "\nUser:"} is added to the stop strings so the model stops at the end of its turn
 * (the server trims the stop string off, {@code trim_stop}). A model tuned to another template answers less well
 * through it: send chats for such a model to KoboldCpp's OpenAI API instead, which applies the model's own. Options
 * go under Kobold's names ({@code max_length}, {@code rep_pen}, {@code rep_pen_range}, {@code typical},
 * {@code sampler_seed}, {@code stop_sequence}), only those set, and {@code max_context_length} when the probe learnt
 * the server's context. What the API cannot carry (tools, a response format, logit bias, frequency penalty, a suffix)
 * is refused with a 400 naming the backend.
 */
final class KoboldWire {
    /** What ends the assistant's turn in the rendered chat. */
    static final String END_OF_TURN = "\nUser:";

    private final UpstreamEndpoint endpoint;

    KoboldWire(UpstreamEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** @param contextLength the server's context in tokens, or 0 when not known */
    KoboldGenerateRequest chat(ChatRequest request, long contextLength) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        boolean toolsInHistory = request.messages().stream()
                .anyMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty());
        refuse(o, List.of(Map.entry("tools", request.toolsActive() || toolsInHistory),
                Map.entry("tool_choice", request.toolChoice().forced())));
        return body(prompt(request.messages()), o, contextLength, stops(request));
    }

    KoboldGenerateRequest completion(CompletionRequest request, long contextLength) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        refuse(o, List.of(Map.entry("suffix", request.suffix() != null)));
        return body(request.prompt(), o, contextLength, o.stop());
    }

    /** Refuses what the API cannot carry: what the request uses, then what its options ask for. */
    private void refuse(GenerationOptions o, List<Map.Entry<String, Boolean>> used) {
        var all = new ArrayList<>(used);
        all.add(Map.entry("response_format", o.constraint() != null));
        all.add(Map.entry("logit_bias", !o.logitBias().isEmpty()));
        all.add(Map.entry("frequency_penalty", o.frequencyPenalty() != null));
        RequestParts.refuse(endpoint, Dialect.KOBOLD_NATIVE, all);
    }

    /** The stop strings of a chat: the request's, and the end of the assistant's turn. */
    static List<String> stops(ChatRequest request) {
        var stops = new ArrayList<>(request.options().stop());
        if (!stops.contains(END_OF_TURN)) {
            stops.add(END_OF_TURN);
        }
        return stops;
    }

    /** The chat as a prompt: system messages as they are, then the turns, then {@code Assistant:}. */
    static String prompt(List<ChatMessage> messages) {
        var prompt = new StringBuilder();
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> prompt.append(m.content()).append("\n\n");
                case USER -> prompt.append("User: ").append(m.content()).append('\n');
                case ASSISTANT -> prompt.append("Assistant: ").append(m.content()).append('\n');
                case TOOL -> throw new IllegalStateException("tool messages are refused before rendering");
            }
        }
        return prompt.append("Assistant:").toString();
    }

    private static KoboldGenerateRequest body(String prompt, GenerationOptions o, long contextLength,
                                              List<String> stops) {
        return new KoboldGenerateRequest(prompt, o.maxTokens(), contextLength > 0 ? contextLength : null,
                o.temperature(), o.topP(), o.topK(), o.minP(), o.typicalP(), o.repeatPenalty(), o.repeatLastN(),
                o.presencePenalty(), o.seed(), stops.isEmpty() ? null : stops, stops.isEmpty() ? null : Boolean.TRUE);
    }
}
