package dev.helix.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/chat/completions}, as clients send it; taken as sent (the server validates it).
 * {@code grammar} (llama-server's extension) and {@code best_of} are read only to be refused: ignoring them would
 * silently change what the client gets.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Boolean stream,
        StreamOptions streamOptions,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double repeatPenalty,
        Double presencePenalty,
        Double frequencyPenalty,
        Long seed,
        JsonNode stop,
        Integer n,
        ResponseFormat responseFormat,
        Boolean logprobs,
        Integer topLogprobs,
        JsonNode tools,
        JsonNode toolChoice,
        Boolean parallelToolCalls,
        JsonNode logitBias,
        Double typicalP,
        JsonNode keepAlive,
        JsonNode grammar,
        Integer bestOf) {

    /** A message; {@code content} is a string or an array of parts. */
    public record Message(String role, JsonNode content, String name, JsonNode toolCalls, String toolCallId) {}

    public record StreamOptions(Boolean includeUsage) {}

    public record ResponseFormat(String type, JsonSchemaFormat jsonSchema) {}

    public record JsonSchemaFormat(String name, JsonNode schema, Boolean strict) {}
}
