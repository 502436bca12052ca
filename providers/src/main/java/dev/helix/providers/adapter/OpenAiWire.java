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
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helix's requests as an OpenAI-compatible server takes them. A field the server's profile says it cannot honour is
 * refused with a 400 naming the backend, never silently dropped; Helix's extensions ({@code top_k}, {@code min_p},
 * {@code repeat_penalty}, {@code typical_p}) are sent only when set, as llama.cpp-based servers read them.
 */
final class OpenAiWire {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;

    OpenAiWire(UpstreamEndpoint endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
    }

    ChatCompletionRequest chat(ChatRequest request, boolean stream) {
        GenerationOptions o = request.options();
        boolean toolsSent = !request.tools().isEmpty();
        JsonNode tools = toolsSent ? tools(request.tools()) : null;
        JsonNode toolChoice = toolsSent && !(request.toolChoice() instanceof ToolChoice.Auto)
                ? toolChoice(request.toolChoice()) : null;
        check(List.of(Map.entry("tools", tools != null), Map.entry("tool_choice", toolChoice != null),
                Map.entry("response_format", o.constraint() != null), Map.entry("logit_bias", !o.logitBias().isEmpty()),
                Map.entry("parallel_tool_calls", request.parallelToolCalls() && toolsSent)));
        return new ChatCompletionRequest(request.model(), messages(request.messages()), stream,
                stream ? streamOptions() : null, o.maxTokens(), null, o.temperature(), o.topP(), o.topK(), o.minP(),
                o.repeatPenalty(), o.presencePenalty(), o.frequencyPenalty(), o.seed(), stop(o), null,
                responseFormat(o.constraint()), null, null, tools, toolChoice,
                request.parallelToolCalls() && toolsSent ? Boolean.TRUE : null, logitBias(o), o.typicalP(), null);
    }

    CompletionRequestBody completion(CompletionRequest request, boolean stream) {
        GenerationOptions o = request.options();
        check(List.of(Map.entry("response_format", o.constraint() != null),
                Map.entry("logit_bias", !o.logitBias().isEmpty()), Map.entry("suffix", request.suffix() != null)));
        return new CompletionRequestBody(request.model(), NODES.textNode(request.prompt()), request.suffix(), stream,
                stream ? streamOptions() : null, o.maxTokens(), o.temperature(), o.topP(), o.topK(), o.minP(),
                o.repeatPenalty(), o.presencePenalty(), o.frequencyPenalty(), o.seed(), stop(o), null, null, null,
                logitBias(o), o.typicalP(), null);
    }

    private ChatCompletionRequest.StreamOptions streamOptions() {
        return endpoint.profile().streaming().usage() == dev.helix.providers.upstream.StreamShape.Usage.NONE ? null
                : new ChatCompletionRequest.StreamOptions(true);
    }

    /** Refuses the first field in use that the server cannot honour, naming the server and the field. */
    private void check(List<Map.Entry<String, Boolean>> used) {
        Set<String> unsupported = endpoint.profile().unsupportedFields();
        for (var field : used) {
            if (field.getValue() && unsupported.contains(field.getKey())) {
                throw new InvalidRequestException(endpoint.id() + " (" + endpoint.profile().name() + ") does not support "
                        + field.getKey() + "; send the request without it or to another backend", field.getKey());
            }
        }
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

    private JsonNode tools(List<Tool> tools) {
        ArrayNode array = NODES.arrayNode();
        for (Tool tool : tools) {
            ObjectNode function = NODES.objectNode().put("name", tool.name());
            if (!tool.description().isEmpty()) {
                function.put("description", tool.description());
            }
            function.set("parameters", parse(tool.parameters(), "tools"));
            array.add(NODES.objectNode().put("type", "function").set("function", function));
        }
        return array;
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
                    new ChatCompletionRequest.JsonSchemaFormat("response", parse(schema.schema(), "response_format"),
                            null));
        };
    }

    private static JsonNode stop(GenerationOptions o) {
        if (o.stop().isEmpty()) {
            return null;
        }
        ArrayNode array = NODES.arrayNode();
        o.stop().forEach(array::add);
        return array;
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

    private JsonNode parse(String text, String field) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new InvalidRequestException(field + ": not valid JSON: " + e.getMessage(), field);
        }
    }
}
