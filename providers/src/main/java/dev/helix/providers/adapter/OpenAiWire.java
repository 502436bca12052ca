package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.protocol.openai.CompletionRequestBody;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.provider.ToolChoice;
import dev.helix.providers.upstream.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helix's requests as an OpenAI-compatible server takes them. A field the server's profile says it cannot honour is
 * refused with a 400 naming the backend, never silently dropped; Helix's extensions ({@code top_k}, {@code min_p},
 * {@code repeat_penalty}, {@code typical_p}) are sent only when set, as llama.cpp-based servers read them.
 */
final class OpenAiWire {
    private static final JsonNodeFactory NODES = RequestParts.NODES;

    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;

    OpenAiWire(UpstreamEndpoint endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
    }

    ChatCompletionRequest chat(ChatRequest request, boolean stream) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        boolean toolsSent = !request.tools().isEmpty();
        JsonNode tools = toolsSent ? RequestParts.tools(json, request.tools()) : null;
        JsonNode toolChoice = toolsSent && !(request.toolChoice() instanceof ToolChoice.Auto)
                ? toolChoice(request.toolChoice()) : null;
        RequestParts.refuse(endpoint, Dialect.OPENAI, List.of(Map.entry("tools", tools != null),
                Map.entry("tool_choice", toolChoice != null), Map.entry("response_format", o.constraint() != null),
                Map.entry("logit_bias", !o.logitBias().isEmpty()),
                Map.entry("parallel_tool_calls", request.parallelToolCalls() && toolsSent)));
        return new ChatCompletionRequest(request.model(), messages(request.messages()), stream,
                stream ? streamOptions() : null, o.maxTokens(), null, o.temperature(), o.topP(), o.topK(), o.minP(),
                o.repeatPenalty(), o.presencePenalty(), o.frequencyPenalty(), o.seed(), RequestParts.stop(o), null,
                responseFormat(o.constraint()), null, null, tools, toolChoice,
                request.parallelToolCalls() && toolsSent ? Boolean.TRUE : null, logitBias(o), o.typicalP(), null, null, null);
    }

    CompletionRequestBody completion(CompletionRequest request, boolean stream) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        RequestParts.refuse(endpoint, Dialect.OPENAI, List.of(Map.entry("response_format", o.constraint() != null),
                Map.entry("logit_bias", !o.logitBias().isEmpty()), Map.entry("suffix", request.suffix() != null)));
        return new CompletionRequestBody(request.model(), NODES.textNode(request.prompt()), request.suffix(), stream,
                stream ? streamOptions() : null, o.maxTokens(), o.temperature(), o.topP(), o.topK(), o.minP(),
                o.repeatPenalty(), o.presencePenalty(), o.frequencyPenalty(), o.seed(), RequestParts.stop(o), null, null,
                null, logitBias(o), o.typicalP(), null, null, null);
    }

    private ChatCompletionRequest.StreamOptions streamOptions() {
        return endpoint.profile().streaming().usage() == dev.helix.providers.upstream.StreamShape.Usage.NONE ? null
                : new ChatCompletionRequest.StreamOptions(true);
    }

    private List<ChatCompletionRequest.Message> messages(List<ChatMessage> messages) {
        var out = new ArrayList<ChatCompletionRequest.Message>(messages.size());
        for (ChatMessage m : messages) {
            JsonNode calls = null;
            if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) {
                ArrayNode array = NODES.arrayNode();
                for (ChatMessage.ToolCall call : m.toolCalls()) {
                    ObjectNode function = NODES.objectNode().put("name", call.name()).put("arguments", call.arguments());
                    ObjectNode c = NODES.objectNode().put("type", "function");
                    if (call.id() != null) {
                        c.put("id", call.id());
                    }
                    c.set("function", function);
                    array.add(c);
                }
                calls = array;
            }
            String name = m.role() == Role.TOOL ? m.toolName() : null;
            out.add(new ChatCompletionRequest.Message(m.role().wireName(), NODES.textNode(m.content()), name, calls,
                    m.role() == Role.TOOL ? m.toolCallId() : null));
        }
        return out;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        return switch (choice) {
            case ToolChoice.None n -> NODES.textNode("none");
            case ToolChoice.Auto a -> NODES.textNode("auto");
            case ToolChoice.Required r -> NODES.textNode("required");
            case ToolChoice.Named named -> NODES.objectNode().put("type", "function")
                    .set("function", NODES.objectNode().put("name", named.name()));
        };
    }

    private ChatCompletionRequest.ResponseFormat responseFormat(OutputConstraint constraint) {
        return switch (constraint) {
            case null -> null;
            case OutputConstraint.AnyJson any -> new ChatCompletionRequest.ResponseFormat("json_object", null);
            case OutputConstraint.JsonSchema schema -> new ChatCompletionRequest.ResponseFormat("json_schema",
                    new ChatCompletionRequest.JsonSchemaFormat("response",
                            RequestParts.parse(json, schema.schema(), "response_format"), null));
        };
    }

    private static JsonNode logitBias(GenerationOptions o) {
        if (o.logitBias().isEmpty()) {
            return null;
        }
        var sorted = new LinkedHashMap<String, Double>();
        o.logitBias().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.put(String.valueOf(e.getKey()), e.getValue()));
        ObjectNode node = NODES.objectNode();
        sorted.forEach(node::put);
        return node;
    }
}
