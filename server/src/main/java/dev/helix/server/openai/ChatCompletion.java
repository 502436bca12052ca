package dev.helix.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A non-streamed chat completion. Fields OpenAI always sends, null or not, are always written: the official SDKs
 * treat them as required.
 */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    record Choice(int index, Message message,
                  @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                  String finishReason) {}

    record Message(String role,
                   @JsonInclude(JsonInclude.Include.ALWAYS) String content,
                   @JsonInclude(JsonInclude.Include.ALWAYS) String refusal) {}

    record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
