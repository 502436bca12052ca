package dev.helix.provider;

import java.util.List;
import java.util.Map;

/**
 * Sampling and length settings of one request. A {@code null} field means "the provider's default"; the
 * compact constructor rejects values no backend can honour, so bad input fails before it reaches native code.
 *
 * @param maxTokens     most tokens to generate; null = until end of generation or context full
 * @param temperature   0 = greedy
 * @param stop          strings that end the generation (not included in the output)
 * @param constraint    grammar the output must follow, or null
 * @param typicalP      locally typical sampling (1 = off)
 * @param logitBias     added to the logits of these token ids (-100 bans a token, 100 forces it)
 * @param think         whether a thinking model's reasoning comes apart from its answer, as {@link Chunk.Reasoning}
 *                      (for a model that does not think it changes nothing)
 * @param logprobs      null: no log-probabilities; n (0..20): each generated token's log-probability and the n most
 *                      likely alternatives at its position, on {@link Chunk.Token#logprobs()}
 */
public record GenerationOptions(
        Integer maxTokens,
        Double temperature,
        Integer topK,
        Double topP,
        Double minP,
        Double repeatPenalty,
        Integer repeatLastN,
        Double presencePenalty,
        Double frequencyPenalty,
        Long seed,
        List<String> stop,
        OutputConstraint constraint,
        Double typicalP,
        Map<Integer, Double> logitBias,
        boolean think,
        Integer logprobs) {

    /** Most alternatives a request may ask for per token (OpenAI's limit for {@code top_logprobs}). */
    public static final int MAX_TOP_LOGPROBS = 20;

    public static final GenerationOptions DEFAULTS =
            new GenerationOptions(null, null, null, null, null, null, null, null, null, null, List.of(), null);

    public GenerationOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        check(typicalP == null || (typicalP >= 0 && typicalP <= 1), "typical_p must be in [0, 1]");
        for (var bias : logitBias.entrySet()) {
            check(bias.getKey() >= 0, "logit_bias keys must be token ids >= 0");
            check(bias.getValue() != null && Math.abs(bias.getValue()) <= 100, "logit_bias values must be in [-100, 100]");
        }
        check(logprobs == null || (logprobs >= 0 && logprobs <= MAX_TOP_LOGPROBS),
                "top_logprobs must be in [0, " + MAX_TOP_LOGPROBS + "]");
        check(maxTokens == null || maxTokens >= 0, "max tokens must be >= 0");
        check(temperature == null || (temperature >= 0 && temperature <= 100), "temperature must be in [0, 100]");
        check(topK == null || topK >= 0, "top_k must be >= 0");
        check(topP == null || (topP >= 0 && topP <= 1), "top_p must be in [0, 1]");
        check(minP == null || (minP >= 0 && minP <= 1), "min_p must be in [0, 1]");
        check(repeatPenalty == null || repeatPenalty >= 0, "repeat_penalty must be >= 0");
        check(repeatLastN == null || repeatLastN >= -1, "repeat_last_n must be >= -1");
        check(presencePenalty == null || Math.abs(presencePenalty) <= 2, "presence_penalty must be in [-2, 2]");
        check(frequencyPenalty == null || Math.abs(frequencyPenalty) <= 2, "frequency_penalty must be in [-2, 2]");
        for (String s : stop) {
            check(s != null && !s.isEmpty(), "stop strings must be non-empty");
        }
    }

    public GenerationOptions(Integer maxTokens, Double temperature, Integer topK, Double topP, Double minP,
                             Double repeatPenalty, Integer repeatLastN, Double presencePenalty,
                             Double frequencyPenalty, Long seed, List<String> stop, OutputConstraint constraint) {
        this(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty,
                seed, stop, constraint, null, null, false, null);
    }

    public GenerationOptions(Integer maxTokens, Double temperature, Integer topK, Double topP, Double minP,
                             Double repeatPenalty, Integer repeatLastN, Double presencePenalty,
                             Double frequencyPenalty, Long seed, List<String> stop, OutputConstraint constraint,
                             Double typicalP, Map<Integer, Double> logitBias) {
        this(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty,
                seed, stop, constraint, typicalP, logitBias, false, null);
    }

    public GenerationOptions(Integer maxTokens, Double temperature, Integer topK, Double topP, Double minP,
                             Double repeatPenalty, Integer repeatLastN, Double presencePenalty,
                             Double frequencyPenalty, Long seed, List<String> stop, OutputConstraint constraint,
                             Double typicalP, Map<Integer, Double> logitBias, boolean think) {
        this(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty,
                seed, stop, constraint, typicalP, logitBias, think, null);
    }

    /** Whether the request asks for log-probabilities. */
    public boolean wantsLogprobs() {
        return logprobs != null;
    }

    public GenerationOptions withLogprobs(Integer value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, typicalP, logitBias, think, value);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidRequestException(message);
        }
    }

    public GenerationOptions withMaxTokens(Integer value) {
        return new GenerationOptions(value, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, typicalP, logitBias, think, logprobs);
    }

    public GenerationOptions withTemperature(Double value) {
        return new GenerationOptions(maxTokens, value, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, typicalP, logitBias, think, logprobs);
    }

    public GenerationOptions withSeed(Long value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, value, stop, constraint, typicalP, logitBias, think, logprobs);
    }

    public GenerationOptions withStop(List<String> value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, value, constraint, typicalP, logitBias, think, logprobs);
    }

    public GenerationOptions withConstraint(OutputConstraint value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, value, typicalP, logitBias, think, logprobs);
    }

    public GenerationOptions withTypicalP(Double value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, value, logitBias, think, logprobs);
    }

    public GenerationOptions withLogitBias(Map<Integer, Double> value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, typicalP, value, think, logprobs);
    }

    public GenerationOptions withThink(boolean value) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, constraint, typicalP, logitBias, value, logprobs);
    }
}
