package dev.helix.protocol.kobold;

import java.util.List;

/**
 * {@code POST /api/v1/generate}'s answer: one result with the generated text. KoboldCpp adds why it stopped
 * ({@code "stop"} or {@code "length"}) and the token counts; KoboldAI United sends the text alone.
 */
public record KoboldGenerateResponse(List<Result> results) {

    public record Result(String text, String finishReason, Integer promptTokens, Integer completionTokens) {}
}
