package dev.helix.runtime.llamacpp;

import de.kherud.llama.InferenceParameters;
import dev.helix.provider.GenerationOptions;

/**
 * Maps one request's {@link GenerationOptions} onto the binding's inference parameters. Unset options keep
 * llama.cpp's defaults; the API layers apply their own protocol defaults before the request gets here.
 */
final class SamplingParameters {
    private SamplingParameters() {}

    /**
     * @param prompt   the full prompt text (template already applied)
     * @param nPredict tokens to generate at most, already capped to the room left in the context
     * @param grammar  GBNF the output must follow, or null
     */
    static InferenceParameters of(String prompt, GenerationOptions o, int nPredict, String grammar) {
        var p = new InferenceParameters(prompt)
                .setNPredict(nPredict).setCachePrompt(true);
        if (o.typicalP() != null) {
            p.setTypicalP(o.typicalP().floatValue());
        }
        if (!o.logitBias().isEmpty()) {
            var bias = new java.util.HashMap<Integer, Float>();
            o.logitBias().forEach((token, value) -> bias.put(token, value.floatValue()));
            p.setTokenIdBias(bias);
        }
        if (o.temperature() != null) {
            p.setTemperature(o.temperature().floatValue());
        }
        if (o.topK() != null) {
            p.setTopK(o.topK());
        }
        if (o.topP() != null) {
            p.setTopP(o.topP().floatValue());
        }
        if (o.minP() != null) {
            p.setMinP(o.minP().floatValue());
        }
        if (o.repeatPenalty() != null) {
            p.setRepeatPenalty(o.repeatPenalty().floatValue());
        }
        if (o.repeatLastN() != null) {
            p.setRepeatLastN(o.repeatLastN());
        }
        if (o.presencePenalty() != null) {
            p.setPresencePenalty(o.presencePenalty().floatValue());
        }
        if (o.frequencyPenalty() != null) {
            p.setFrequencyPenalty(o.frequencyPenalty().floatValue());
        }
        if (o.seed() != null) {
            p.setSeed(nativeSeed(o.seed()));
        }
        if (!o.stop().isEmpty()) {
            p.setStopStrings(o.stop().toArray(String[]::new));
        }
        if (grammar != null) {
            p.setGrammar(grammar);
        }
        return p;
    }

    /**
     * llama.cpp reads the seed as an unsigned 32-bit number and takes 0xFFFFFFFF to mean "random"; clients send
     * any integer. Folding into [0, 2^31) keeps every client seed deterministic and never random.
     */
    static int nativeSeed(long seed) {
        return (int) (seed & 0x7FFF_FFFFL);
    }
}
