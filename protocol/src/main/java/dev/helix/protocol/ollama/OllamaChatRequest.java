package dev.helix.protocol.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /api/chat}. {@code stream} absent means true; {@code logprobs} and {@code top_logprobs} as
 * Ollama 0.12 takes them.
 */
public record OllamaChatRequest(String model, List<Message> messages, Boolean stream, JsonNode format, JsonNode options,
                                JsonNode keepAlive, JsonNode tools, JsonNode think, Boolean logprobs,
                                Integer topLogprobs) {

    public OllamaChatRequest(String model, List<Message> messages, Boolean stream, JsonNode format, JsonNode options,
                             JsonNode keepAlive, JsonNode tools, JsonNode think) {
        this(model, messages, stream, format, options, keepAlive, tools, think, null, null);
    }

    /** {@code tool_calls} carry arguments as an object; a {@code tool} message names its tool in {@code tool_name}. */
    public record Message(String role, String content, List<String> images, JsonNode toolCalls, String toolName,
                          String thinking) {}
}
