package dev.helix.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /v1/completions}; {@code prompt} is a string, a list of strings, or token ids. */
public record CompletionRequestBody(
        String model,
        JsonNode prompt,
        String suffix,
        Boolean stream,
        ChatCompletionRequest.StreamOptions streamOptions,
        Integer maxTokens,
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
        Boolean echo,
        Integer logprobs,
        JsonNode logitBias,
        Double typicalP,
        JsonNode keepAlive,
        JsonNode grammar,
        Integer bestOf) {}
