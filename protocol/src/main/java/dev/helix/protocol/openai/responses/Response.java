package dev.helix.protocol.openai.responses;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A response object ({@code "object":"response"}), whole or as the streamed events carry it. Fields OpenAI always
 * sends, null or not, are always written: the official SDKs treat them as required.
 *
 * @param createdAt         seconds since the epoch
 * @param status            in_progress, completed, incomplete or failed
 * @param incompleteDetails why it is incomplete ({@code max_output_tokens}), or null
 * @param toolChoice        the request's, echoed ({@code "auto"} by default)
 * @param text              the request's output format, echoed ({@code {"format":{"type":"text"}}} by default)
 */
public record Response(
        String id,
        String object,
        long createdAt,
        String status,
        @JsonInclude(JsonInclude.Include.ALWAYS) Error error,
        @JsonInclude(JsonInclude.Include.ALWAYS) IncompleteDetails incompleteDetails,
        @JsonInclude(JsonInclude.Include.ALWAYS) String instructions,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer maxOutputTokens,
        String model,
        List<OutputItem> output,
        boolean parallelToolCalls,
        @JsonInclude(JsonInclude.Include.ALWAYS) String previousResponseId,
        boolean store,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double temperature,
        JsonNode text,
        JsonNode toolChoice,
        JsonNode tools,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double topP,
        String truncation,
        JsonNode metadata,
        @JsonInclude(JsonInclude.Include.ALWAYS) Usage usage) {

    public record Error(String code, String message) {}

    public record IncompleteDetails(String reason) {}

    public record Usage(int inputTokens, InputDetails inputTokensDetails, int outputTokens,
                        OutputDetails outputTokensDetails, int totalTokens) {
        public Usage(int inputTokens, int outputTokens) {
            this(inputTokens, new InputDetails(0), outputTokens, new OutputDetails(0), inputTokens + outputTokens);
        }
    }

    public record InputDetails(int cachedTokens) {}

    public record OutputDetails(int reasoningTokens) {}
}
