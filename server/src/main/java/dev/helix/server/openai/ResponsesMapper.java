package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.openai.responses.ResponseRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.server.Conversation;
import dev.helix.server.Reply;
import dev.helix.server.RequestFields;
import dev.helix.server.ToolFields;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Responses API request into the runtime's chat request, refusing with a 400 what a stateless server cannot
 * honour. The conversation is the request's own: {@code instructions} first, then {@code input} (a string, or
 * message, function-call and function-call-output items).
 */
final class ResponsesMapper {
    /** Why stored responses are refused; said by every refusal that needs one. */
    static final String STATELESS = "Helix keeps no responses, only recent output items for item_reference: send the "
            + "conversation in input";

    private ResponsesMapper() {}

    /** @param items earlier output items, which {@code item_reference} names */
    static ChatRequest request(ResponseRequest body, String model, ItemStore items) {
        refuseStateful(body);
        // Forced calls may be several, as OpenAI's default parallel_tool_calls (true) allows.
        return new ChatRequest(model, messages(body.instructions(), body.input(), items), options(body),
                tools(body.tools()), toolChoice(body.toolChoice()), !Boolean.FALSE.equals(body.parallelToolCalls()));
    }

    private static void refuseStateful(ResponseRequest body) {
        if (body.previousResponseId() != null) {
            throw new InvalidRequestException("previous_response_id is not supported: " + STATELESS,
                    "previous_response_id");
        }
        if (body.conversation() != null && !body.conversation().isNull()) {
            throw new InvalidRequestException("conversation is not supported: " + STATELESS, "conversation");
        }
        if (Boolean.TRUE.equals(body.background())) {
            throw new InvalidRequestException("background: true is not supported: Helix answers while the request "
                    + "waits (stream: true shows the answer as it comes)", "background");
        }
        if (body.truncation() != null && !body.truncation().equals("disabled")) {
            throw new InvalidRequestException("truncation must be \"disabled\": Helix never drops part of the input; "
                    + "a conversation longer than the context is refused", "truncation");
        }
    }

    static GenerationOptions options(ResponseRequest body) {
        boolean included = body.include() != null && body.include().toString().contains(
                "message.output_text.logprobs");
        Integer logprobs = included || body.topLogprobs() != null
                ? OpenAiMapper.topLogprobs(body.topLogprobs() == null ? 0 : body.topLogprobs(), "top_logprobs") : null;
        // A thinking model's reasoning comes apart, as a reasoning item.
        return new GenerationOptions(body.maxOutputTokens(), body.temperature(), null, body.topP(), null, null, null,
                null, null, null, List.of(), format(body.text())).withThink(true).withLogprobs(logprobs);
    }

    /** {@code text.format}: text, json_object, or json_schema (enforced by a grammar). */
    static OutputConstraint format(JsonNode text) {
        JsonNode format = text == null ? null : text.get("format");
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> new OutputConstraint.AnyJson();
            case "json_schema" -> RequestFields.jsonSchema(format.get("schema"), "text.format.schema");
            default -> throw new InvalidRequestException("text.format.type must be text, json_object or json_schema, "
                    + "not \"" + type + "\"", "text.format.type");
        };
    }

    /** {@code tools}: function tools, {@code {"type":"function","name","description","parameters"}}. */
    static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("tools must be an array of function tools", "tools");
        }
        List<Tool> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            String type = tool.path("type").asText("");
            if (!type.equals("function")) {
                throw new InvalidRequestException(at + ".type \"" + type + "\" is not supported: Helix runs function "
                        + "tools only (the client runs them)", at + ".type");
            }
            result.add(ToolFields.tool(tool.get("name"), tool.get("description"), tool.get("parameters"), at,
                    "parameters"));
        }
        return result;
    }

    /** {@code tool_choice}: none, auto, required, or {@code {"type":"function","name":...}}. */
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
                        + "{\"type\":\"function\",\"name\":...}, not \"" + choice.asText() + "\"", "tool_choice");
            };
        }
        if (!"function".equals(choice.path("type").asText()) || !choice.path("name").isTextual()) {
            throw new InvalidRequestException("tool_choice must be none, auto, required or "
                    + "{\"type\":\"function\",\"name\":...}; Helix has function tools only", "tool_choice");
        }
        return new ToolChoice.Named(choice.get("name").asText());
    }

    /** The conversation: {@code instructions} as the system message, then {@code input}. */
    static List<ChatMessage> messages(String instructions, JsonNode input, ItemStore items) {
        var conversation = new Conversation();
        if (instructions != null && !instructions.isEmpty()) {
            conversation.system(instructions);
        }
        if (input == null || input.isNull()) {
            throw new InvalidRequestException("input is required: a string or an array of items", "input");
        }
        if (input.isTextual()) {
            conversation.user(input.asText());
            return conversation.messages();
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new InvalidRequestException("input must be a string or a non-empty array of items", "input");
        }
        for (int i = 0; i < input.size(); i++) {
            item(conversation, input.get(i), "input[" + i + "]", items);
        }
        return conversation.messages();
    }

    private static void item(Conversation conversation, JsonNode item, String at, ItemStore items) {
        if (!item.isObject()) {
            throw new InvalidRequestException(at + " must be an object", at);
        }
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(conversation, item, at);
            case "function_call" -> conversation.call(text(item, "call_id", at), text(item, "name", at),
                    ToolFields.argumentsText(item.get("arguments"), at + ".arguments"));
            case "function_call_output" -> conversation.toolResult(text(item, "call_id", at),
                    content(item.get("output"), at + ".output"));
            case "reasoning" -> { } // earlier thoughts: chat templates leave them out of the prompt
            case "item_reference" -> {
                String id = text(item, "id", at);
                switch (items.find(id).orElseThrow(() -> new InvalidRequestException(at + ": item " + id + " is not "
                        + "known: Helix keeps the output items of recent responses in memory only (gone after a "
                        + "restart, the oldest dropped first); send the item itself (store: false makes the Vercel AI "
                        + "SDK do so)", at + ".id"))) {
                    case Reply.Part.Text t -> conversation.assistant(t.text());
                    case Reply.Part.Call c -> conversation.call(c.call().id(), c.call().name(), c.call().arguments());
                    case Reply.Part.Reasoning r -> { } // as a reasoning item
                }
            }
            default -> throw new InvalidRequestException(at + ".type must be message, function_call, "
                    + "function_call_output, reasoning or item_reference, not \"" + type + "\"", at + ".type");
        }
    }

    private static void message(Conversation conversation, JsonNode item, String at) {
        String role = item.path("role").asText("");
        String text = content(item.get("content"), at + ".content");
        switch (role) {
            case "system", "developer" -> conversation.system(text);
            case "user" -> conversation.user(text);
            case "assistant" -> conversation.assistant(text);
            default -> throw new InvalidRequestException(at + ".role must be user, assistant, system or developer, "
                    + "not \"" + role + "\"", at + ".role");
        }
    }

    private static String text(JsonNode item, String field, String at) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidRequestException(at + "." + field + " must be a string", at + "." + field);
        }
        return value.asText();
    }

    /** A string, or an array of text parts ({@code input_text}, {@code output_text}); images and files → 400. */
    private static String content(JsonNode content, String where) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content == null || !content.isArray()) {
            throw new InvalidRequestException(where + " must be a string or an array of parts", where);
        }
        var text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String at = where + "[" + i + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "input_text", "output_text", "text" -> {
                    if (!part.path("text").isTextual()) {
                        throw new InvalidRequestException(at + ".text must be a string", at + ".text");
                    }
                    text.append(part.get("text").asText());
                }
                case "refusal" -> text.append(part.path("refusal").asText(""));
                case "input_image", "input_file", "input_audio" -> throw new InvalidRequestException(
                        "this model cannot read " + type.substring(6) + "s (" + at + " is one)", at);
                default -> throw new InvalidRequestException(at + ".type must be input_text or output_text, not \""
                        + type + "\"", at + ".type");
            }
        }
        return text.toString();
    }
}
