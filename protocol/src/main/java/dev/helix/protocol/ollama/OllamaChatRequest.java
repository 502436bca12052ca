package dev.helix.protocol.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of {@code POST /api/chat}. {@code stream} absent means true. */
public record OllamaChatRequest(String model, List<Message> messages, Boolean stream, JsonNode format, JsonNode options,
                                JsonNode keepAlive, JsonNode tools, JsonNode think) {

    /** {@code tool_calls} carry arguments as an object; a {@code tool} message names its tool in {@code tool_name}. */
    public record Message(String role, String content, List<String> images, JsonNode toolCalls, String toolName,
                          String thinking) {}
}
