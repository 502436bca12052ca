package dev.helix.protocol.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/responses}, taken as sent (the server validates it). {@code input} is a string or an
 * array of items; {@code tools}, {@code tool_choice} and {@code text} are kept as JSON because the response echoes
 * them. {@code previous_response_id}, {@code store}, {@code truncation}, {@code conversation}, {@code background} and
 * {@code top_logprobs} are read to be refused when they ask for what a stateless server cannot do.
 */
public record ResponseRequest(
        String model,
        JsonNode input,
        String instructions,
        JsonNode tools,
        JsonNode toolChoice,
        JsonNode text,
        Integer maxOutputTokens,
        Double temperature,
        Double topP,
        Boolean stream,
        Boolean parallelToolCalls,
        String previousResponseId,
        Boolean store,
        JsonNode conversation,
        Boolean background,
        String truncation,
        Integer topLogprobs,
        JsonNode reasoning,
        JsonNode include,
        JsonNode metadata,
        JsonNode keepAlive) {}
