package dev.helix.protocol.kobold;

import java.util.List;

/**
 * The body of {@code POST /api/v1/generate} and {@code POST /api/extra/generate/stream} (koboldcpp.py generate: the
 * fields and their defaults). A field left null is left to the server's default: {@code max_length} 200 on KoboldCpp,
 * 80 on KoboldAI United.
 *
 * @param maxContextLength the context to use, at most what the server was started with
 * @param typical          locally typical sampling ({@code typical_p} elsewhere)
 * @param repPen           the repetition penalty; {@code repPenRange} tokens back
 * @param samplerSeed      the seed; -1 or absent for a random one
 * @param stopSequence     strings that end the generation
 * @param trimStop         whether the stop string itself is cut from the text (KoboldCpp; true by default there)
 */
public record KoboldGenerateRequest(String prompt, Integer maxLength, Long maxContextLength, Double temperature,
                                    Double topP, Integer topK, Double minP, Double typical, Double repPen,
                                    Integer repPenRange, Double presencePenalty, Long samplerSeed,
                                    List<String> stopSequence, Boolean trimStop) {}
