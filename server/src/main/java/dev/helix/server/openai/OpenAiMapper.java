package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.protocol.openai.CompletionRequestBody;
import dev.helix.server.RequestFields;
import dev.helix.server.ToolFields;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns OpenAI request bodies into the runtime's requests, rejecting what cannot be honoured with a 400. Public for
 * the benchmarks' request benchmark, which measures the chat route's {@link #messages} and {@link #options}.
 */
public final class OpenAiMapper {
    private OpenAiMapper() {}

    public static List<ChatMessage> messages(List<ChatCompletionRequest.Message> messages) {
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
            Role role = role(m.role(), where + ".role");
            List<ChatMessage.ToolCall> calls = role == Role.ASSISTANT ? toolCalls(m.toolCalls(), where + ".tool_calls")
                    : List.of();
            String name = role == Role.TOOL ? m.name() : null;
            if ((m.content() == null || m.content().isNull()) && role != Role.ASSISTANT) {
                throw new InvalidRequestException(where + ".content is required for a " + role.wireName() + " message",
                        where + ".content");
            }
            result.add(new ChatMessage(role, content(m.content(), where + ".content"), calls,
                    role == Role.TOOL ? m.toolCallId() : null, name));
        }
        return result;
    }

    /** An assistant message's {@code tool_calls}: ids, names and arguments as JSON-object strings. */
    private static List<ChatMessage.ToolCall> toolCalls(JsonNode calls, String where) {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new InvalidRequestException(where + " must be an array", where);
        }
        List<ChatMessage.ToolCall> result = new ArrayList<>();
        for (int j = 0; j < calls.size(); j++) {
            String at = where + "[" + j + "]";
            JsonNode function = calls.get(j).path("function");
            if (!function.path("name").isTextual()) {
                throw new InvalidRequestException(at + ".function.name must be a string", at + ".function.name");
            }
            result.add(new ChatMessage.ToolCall(calls.get(j).path("id").asText(null), function.get("name").asText(),
                    argumentsText(function.get("arguments"), at + ".function.arguments")));
        }
        return result;
    }

    static String argumentsText(JsonNode arguments, String where) {
        return ToolFields.argumentsText(arguments, where);
    }

    static List<Tool> tools(JsonNode tools) {
        return ToolFields.tools(tools);
    }

    /** {@code tool_choice}: none, auto, required, or {@code {"type":"function","function":{"name":...}}}. */
    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "none" -> ToolChoice.NONE;
                case "auto" -> ToolChoice.AUTO;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new InvalidRequestException("tool_choice must be none, auto, required or "
                        + "{\"type\":\"function\",\"function\":{\"name\":...}}, not \"" + choice.asText() + "\"",
                        "tool_choice");
            };
        }
        JsonNode name = choice.path("function").path("name");
        if (!name.isTextual()) {
            throw new InvalidRequestException("tool_choice.function.name must be a string", "tool_choice");
        }
        return new ToolChoice.Named(name.asText());
    }

    /** {@code logit_bias}: token ids (as strings) to a bias in [-100, 100]. */
    static Map<Integer, Double> logitBias(JsonNode bias) {
        if (bias == null || bias.isNull()) {
            return Map.of();
        }
        if (!bias.isObject()) {
            throw new InvalidRequestException("logit_bias must be an object of token ids to numbers", "logit_bias");
        }
        Map<Integer, Double> result = new HashMap<>();
        for (var it = bias.fields(); it.hasNext(); ) {
            var e = it.next();
            try {
                if (!e.getValue().isNumber()) {
                    throw new NumberFormatException();
                }
                result.put(Integer.parseInt(e.getKey().strip()), e.getValue().doubleValue());
            } catch (NumberFormatException ex) {
                throw new InvalidRequestException("logit_bias: keys must be token ids and values numbers, not \""
                        + e.getKey() + "\": " + e.getValue(), "logit_bias");
            }
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
        return RequestFields.stopStrings(stop, "stop");
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

    /** Fields Helix does not honour on /v1, refused rather than ignored. */
    private static void refuseUnhonoured(JsonNode grammar, Integer bestOf) {
        if (grammar != null && !grammar.isNull()) {
            throw new InvalidRequestException("grammar is not supported: describe the output with response_format "
                    + "(json_schema), which Helix enforces by a grammar of its own", "grammar");
        }
        if (bestOf != null && bestOf != 1) {
            throw new InvalidRequestException("best_of must be 1: Helix generates one answer per request", "best_of");
        }
    }

    public static GenerationOptions options(ChatCompletionRequest r) {
        refuseUnhonoured(r.grammar(), r.bestOf());
        Integer logprobs = chatLogprobs(r.logprobs(), r.topLogprobs());
        requireSingleChoice(r.n());
        Integer max = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        return new GenerationOptions(max, r.temperature(), r.topK(), r.topP(), r.minP(), r.repeatPenalty(), null,
                r.presencePenalty(), r.frequencyPenalty(), r.seed(), stop(r.stop()), constraint(r.responseFormat()),
                r.typicalP(), logitBias(r.logitBias())).withLogprobs(logprobs);
    }

    /** Chat's {@code logprobs} and {@code top_logprobs} as {@link GenerationOptions#logprobs()}. */
    static Integer chatLogprobs(Boolean logprobs, Integer top) {
        if (top != null && !Boolean.TRUE.equals(logprobs)) {
            throw new InvalidRequestException("logprobs must be true when top_logprobs is set", "top_logprobs");
        }
        if (!Boolean.TRUE.equals(logprobs)) {
            return null;
        }
        return topLogprobs(top == null ? 0 : top, "top_logprobs");
    }

    static int topLogprobs(int n, String param) {
        if (n < 0 || n > GenerationOptions.MAX_TOP_LOGPROBS) {
            throw new InvalidRequestException(param + " must be in [0, " + GenerationOptions.MAX_TOP_LOGPROBS
                    + "], not " + n, param);
        }
        return n;
    }

    /** OpenAI's legacy completions default to 16 tokens when max_tokens is absent. */
    static GenerationOptions options(CompletionRequestBody r) {
        refuseUnhonoured(r.grammar(), r.bestOf());
        requireSingleChoice(r.n());
        return new GenerationOptions(r.maxTokens() == null ? 16 : r.maxTokens(), r.temperature(), r.topK(), r.topP(),
                r.minP(), r.repeatPenalty(), null, r.presencePenalty(), r.frequencyPenalty(), r.seed(), stop(r.stop()),
                null, r.typicalP(), logitBias(r.logitBias()))
                .withLogprobs(r.logprobs() == null ? null : topLogprobs(r.logprobs(), "logprobs"));
    }

    /**
     * A prompt or embedding input: a string, a list of strings, a list of token ids, or a list of such lists. Each
     * item is text or token ids, which {@code detokenize} turns into text.
     */
    static List<String> texts(JsonNode input, String field, java.util.function.Function<int[], String> detokenize) {
        if (input != null && input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            return List.of(detokenize.apply(tokens(input, field)));
        }
        if (input != null && input.isArray() && !input.isEmpty() && input.get(0).isArray()) {
            List<String> result = new ArrayList<>();
            for (JsonNode item : input) {
                result.add(detokenize.apply(tokens(item, field)));
            }
            return result;
        }
        return RequestFields.texts(input, field);
    }

    private static int[] tokens(JsonNode array, String field) {
        if (!array.isArray() || array.isEmpty()) {
            throw new InvalidRequestException(field + ": token arrays must be non-empty arrays of token ids", field);
        }
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            if (!array.get(i).canConvertToInt() || !array.get(i).isIntegralNumber()) {
                throw new InvalidRequestException(field + ": token ids must be integers", field);
            }
            tokens[i] = array.get(i).intValue();
        }
        return tokens;
    }
}
