package dev.helix.protocol.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.openai.ChatCompletionRequest;
import java.util.List;

/** {@code POST /apply-template}: chat messages (and tools) in OpenAI's form, for the model's template to render. */
public record ApplyTemplateRequest(String model, List<ChatCompletionRequest.Message> messages, JsonNode tools,
                                   JsonNode toolChoice) {}
