package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body: {@code {"error":{"message","type","param","code"}}}, param and code present even when null.
 * Read leniently, as compatible servers vary: llama-server sends the HTTP status as a numeric {@code code} (read as
 * its digits), and some servers send {@code {"error":"message"}} (read as an error with only a message).
 */
public record OpenAiError(Error error) {

    public record Error(String message, String type,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String param,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String code) {

        /** The bare-string form, {@code "error":"message"}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Error of(String message) {
            return new Error(message, null, null, null);
        }
    }

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Error(message, type, param, code));
    }
}
