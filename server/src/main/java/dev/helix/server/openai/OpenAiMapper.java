package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.server.RequestFields;
import dev.helix.runtime.ChatMessage;
import dev.helix.runtime.GenerationOptions;
import dev.helix.runtime.InvalidRequestException;
import dev.helix.runtime.OutputConstraint;
import dev.helix.runtime.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns OpenAI request bodies into the runtime's requests, rejecting what cannot be honoured with a 400. */
final class OpenAiMapper {
    private static final int MAX_STOP_STRINGS = 16;

    private OpenAiMapper() {}

    static List<ChatMessage> messages(List<ChatCompletionRequest.Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequestException("messages must be a non-empty array", "messages");
        }
        List<ChatMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            var m = messages.get(i);
            String where = "messages[" + i + "]";
            if (m == null) {
                throw new InvalidRequestException(where + " must be an object", where);
            }
            result.add(new ChatMessage(role(m.role(), where + ".role"), content(m.content(), where + ".content")));
        }
        return result;
    }

    private static Role role(String role, String where) {
        if (role == null) {
            throw new InvalidRequestException(where + " is required", where);
        }
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool", "function" -> Role.TOOL;
            default -> throw new InvalidRequestException(
                    where + " must be system, developer, user, assistant or tool, not \"" + role + "\"", where);
        };
    }

    /** A string, null (assistant messages with tool calls), or an array of text parts. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(where + " must be a string or an array of parts", where);
        }
        var text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!part.path("text").isTextual()) {
                        throw new InvalidRequestException(where + "[" + i + "].text must be a string", where);
                    }
                    text.append(part.get("text").asText());
                }
                case "image_url", "input_image" -> throw new InvalidRequestException(
                        "this model cannot read images (" + where + "[" + i + "] is an image)", where);
                default -> throw new InvalidRequestException(
                        where + "[" + i + "].type must be \"text\" or \"image_url\", not \"" + type + "\"", where);
            }
        }
        return text.toString();
    }

    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (stop.isArray() && stop.size() <= MAX_STOP_STRINGS) {
            List<String> result = new ArrayList<>();
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new InvalidRequestException("stop must be a string or an array of strings", "stop");
                }
                result.add(s.asText());
            }
            return result;
        }
        throw new InvalidRequestException("stop must be a string or an array of at most " + MAX_STOP_STRINGS
                + " strings", "stop");
    }

    static void requireSingleChoice(Integer n) {
        if (n != null && n != 1) {
            throw new InvalidRequestException("n must be 1: Helix returns one choice per request", "n");
        }
    }

    static OutputConstraint constraint(ChatCompletionRequest.ResponseFormat format) {
        if (format == null || format.type() == null || format.type().equals("text")) {
            return null;
        }
        return switch (format.type()) {
            case "json_object" -> new OutputConstraint.AnyJson();
            case "json_schema" -> {
                if (format.jsonSchema() == null || format.jsonSchema().schema() == null
                        || !format.jsonSchema().schema().isObject()) {
                    throw new InvalidRequestException("response_format.json_schema.schema must be a JSON schema object",
                            "response_format");
                }
                yield new OutputConstraint.JsonSchema(format.jsonSchema().schema().toString());
            }
            default -> throw new InvalidRequestException("response_format.type must be text, json_object or "
                    + "json_schema, not \"" + format.type() + "\"", "response_format");
        };
    }

    static GenerationOptions options(ChatCompletionRequest r) {
        if (Boolean.TRUE.equals(r.logprobs()) || r.topLogprobs() != null) {
            throw new InvalidRequestException("logprobs are not supported yet", "logprobs");
        }
        if (r.tools() != null && !r.tools().isNull() && !r.tools().isEmpty()) {
            throw new InvalidRequestException("tools are not supported yet", "tools");
        }
        requireSingleChoice(r.n());
        Integer max = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        return new GenerationOptions(max, r.temperature(), r.topK(), r.topP(), r.minP(), r.repeatPenalty(), null,
                r.presencePenalty(), r.frequencyPenalty(), r.seed(), stop(r.stop()), constraint(r.responseFormat()));
    }

    /** OpenAI's legacy completions default to 16 tokens when max_tokens is absent. */
    static GenerationOptions options(CompletionRequestBody r) {
        if (r.logprobs() != null) {
            throw new InvalidRequestException("logprobs are not supported yet", "logprobs");
        }
        requireSingleChoice(r.n());
        return new GenerationOptions(r.maxTokens() == null ? 16 : r.maxTokens(), r.temperature(), r.topK(), r.topP(),
                r.minP(), r.repeatPenalty(), null, r.presencePenalty(), r.frequencyPenalty(), r.seed(), stop(r.stop()),
                null);
    }

    static String prompt(JsonNode prompt) {
        if (prompt != null && prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        if (prompt != null && prompt.isArray() && prompt.size() > 1) {
            throw new InvalidRequestException("prompt: send one prompt per request (batches are not supported yet)",
                    "prompt");
        }
        throw new InvalidRequestException("prompt must be a string", "prompt");
    }

    static List<String> inputs(JsonNode input) {
        if (input != null && input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            throw new InvalidRequestException("input as token arrays is not supported yet", "input");
        }
        return RequestFields.texts(input, "input");
    }
}
