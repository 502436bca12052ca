package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.protocol.ollama.EmbedRequest;
import dev.helix.protocol.ollama.GenerateRequest;
import dev.helix.protocol.ollama.OllamaChatRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.providers.upstream.Dialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Helix's requests in Ollama's native API. Sampling settings go in {@code options} under Ollama's names
 * ({@code num_predict}, {@code repeat_penalty}, ...), only those set; an output constraint is {@code format}
 * ({@code "json"} or the schema object); tools are sent as OpenAI-style function objects, which Ollama takes, but the
 * calls an assistant already made carry their arguments as objects, as Ollama wants them, and a tool's answer names
 * its tool ({@code tool_name}, found from the call's id where the request gave only that). {@code think} asks for the
 * reasoning apart. Ollama has no {@code tool_choice}: a forced one is refused (none just leaves the tools out), as is
 * {@code logit_bias}. {@code keep_alive} is left to the server's default.
 */
final class OllamaWire {
    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;

    OllamaWire(UpstreamEndpoint endpoint, ObjectMapper json) {
        this.endpoint = endpoint;
        this.json = json;
    }

    /** @param think whether to ask for the reasoning apart (the request's wish, unless the model cannot think) */
    OllamaChatRequest chat(ChatRequest request, boolean stream, boolean think) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        RequestParts.refuse(endpoint, Dialect.OLLAMA, List.of(Map.entry("tool_choice", request.toolChoice().forced()),
                Map.entry("logit_bias", !o.logitBias().isEmpty())));
        JsonNode tools = request.toolsActive() ? RequestParts.tools(json, request.tools()) : null;
        return new OllamaChatRequest(request.model(), messages(request.messages()), stream, format(o.constraint()),
                options(o), null, tools, think(think));
    }

    /**
     * A prompt continued as it is ({@code raw}: no template), as a completion request means; with a suffix the model's
     * template has to put the fill-in-the-middle prompt together, which is how Ollama does it, so then not raw.
     */
    GenerateRequest generate(CompletionRequest request, boolean stream, boolean think) {
        GenerationOptions o = request.options();
        RequestParts.refuseLogprobs(endpoint, o);
        RequestParts.refuse(endpoint, Dialect.OLLAMA, List.of(Map.entry("logit_bias", !o.logitBias().isEmpty())));
        Boolean raw = request.suffix() == null ? Boolean.TRUE : null;
        return new GenerateRequest(request.model(), request.prompt(), request.suffix(), null, null, null, stream, raw,
                format(o.constraint()), null, options(o), null, think(think));
    }

    /** {@code truncate} is sent as asked: Ollama's default cuts long inputs, Helix's refuses them. */
    EmbedRequest embed(EmbeddingRequest request) {
        ArrayNode inputs = RequestParts.NODES.arrayNode();
        request.inputs().forEach(inputs::add);
        return new EmbedRequest(request.model(), inputs, null, request.truncate(), null, null, null);
    }

    private List<OllamaChatRequest.Message> messages(List<ChatMessage> messages) {
        var out = new ArrayList<OllamaChatRequest.Message>(messages.size());
        Map<String, String> toolById = new HashMap<>();
        for (ChatMessage m : messages) {
            JsonNode calls = null;
            if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) {
                ArrayNode array = RequestParts.NODES.arrayNode();
                for (ChatMessage.ToolCall call : m.toolCalls()) {
                    ObjectNode function = RequestParts.NODES.objectNode().put("name", call.name());
                    function.set("arguments", arguments(call));
                    array.add(RequestParts.NODES.objectNode().set("function", function));
                    if (call.id() != null) {
                        toolById.put(call.id(), call.name());
                    }
                }
                calls = array;
            }
            String toolName = m.role() != Role.TOOL ? null
                    : m.toolName() != null ? m.toolName() : toolById.get(m.toolCallId());
            out.add(new OllamaChatRequest.Message(m.role().wireName(), m.content(), null, calls, toolName, null));
        }
        return out;
    }

    /** Ollama takes a call's arguments as an object, where the history carries them as JSON text. */
    private JsonNode arguments(ChatMessage.ToolCall call) {
        JsonNode arguments = RequestParts.parse(json, call.arguments(), "messages");
        if (!arguments.isObject()) {
            throw new InvalidRequestException("messages: the arguments of the call to " + call.name()
                    + " are not a JSON object", "messages");
        }
        return arguments;
    }

    private JsonNode format(OutputConstraint constraint) {
        return switch (constraint) {
            case null -> null;
            case OutputConstraint.AnyJson any -> RequestParts.NODES.textNode("json");
            case OutputConstraint.JsonSchema schema -> RequestParts.parse(json, schema.schema(), "response_format");
        };
    }

    /** The options set, under Ollama's names; null when none is. */
    private static ObjectNode options(GenerationOptions o) {
        ObjectNode options = RequestParts.NODES.objectNode();
        put(options, "num_predict", o.maxTokens());
        put(options, "temperature", o.temperature());
        put(options, "top_k", o.topK());
        put(options, "top_p", o.topP());
        put(options, "min_p", o.minP());
        put(options, "typical_p", o.typicalP());
        put(options, "repeat_penalty", o.repeatPenalty());
        put(options, "repeat_last_n", o.repeatLastN());
        put(options, "presence_penalty", o.presencePenalty());
        put(options, "frequency_penalty", o.frequencyPenalty());
        put(options, "seed", o.seed());
        if (!o.stop().isEmpty()) {
            options.set("stop", RequestParts.stop(o));
        }
        return options.isEmpty() ? null : options;
    }

    private static void put(ObjectNode options, String name, Number value) {
        switch (value) {
            case null -> { }
            case Double d -> options.put(name, d);
            default -> options.put(name, value.longValue());
        }
    }

    /** Only true is sent: false would make a thinking model skip thinking, not keep it in the text. */
    private static JsonNode think(boolean think) {
        return think ? BooleanNode.TRUE : null;
    }
}
