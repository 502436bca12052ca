package dev.helix.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.helix.server.ApiFailure;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}, param and code present even when null. */
public record OpenAiErrors(Error error) {

    public record Error(String message, String type,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String param,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String code) {}

    public static OpenAiErrors of(ApiFailure failure) {
        return new OpenAiErrors(new Error(failure.message(), failure.type(), failure.param(), failure.code()));
    }
}
