package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}, param and code present even when null. */
public record OpenAiError(Error error) {

    public record Error(String message, String type,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String param,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String code) {}

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Error(message, type, param, code));
    }
}
