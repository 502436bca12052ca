package dev.helix.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.anthropic.MessagesRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.server.Conversation;
import dev.helix.server.RequestFields;
import dev.helix.server.ToolFields;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an Anthropic Messages request into the runtime's chat request: {@code system} first, then the messages'
 * content blocks (text, tool_use, tool_result; earlier thinking blocks are left out, as chat templates leave out
 * earlier reasoning). What cannot be honoured (images, documents, server tools, an assistant message to continue)
 * is a 400 naming the field.
 */
final class MessagesMapper {
    private MessagesMapper() {}

    /** @param counting for count_tokens, which needs no max_tokens */
    static ChatRequest request(MessagesRequest body, String model, boolean counting) {
        if (!counting && body.maxTokens() == null) {
            throw new InvalidRequestException("max_tokens is required", "max_tokens");
        }
        if (body.maxTokens() != null && body.maxTokens() < 1) {
            throw new InvalidRequestException("max_tokens must be at least 1", "max_tokens");
        }
        JsonNode choice = body.toolChoice();
        boolean parallel = choice == null || !choice.path("disable_parallel_tool_use").asBoolean(false);
        return new ChatRequest(model, messages(body.system(), body.messages()), options(body), tools(body.tools()),
                toolChoice(choice), parallel);
    }

    static GenerationOptions options(MessagesRequest body) {
        // A thinking model's reasoning comes apart, as thinking blocks, whatever "thinking" says (see the README).
        return new GenerationOptions(body.maxTokens(), body.temperature(), body.topK(), body.topP(), null, null, null,
                null, null, null, RequestFields.stopStrings(body.stopSequences(), "stop_sequences"),
                format(body.outputConfig())).withThink(true);
    }

    /** {@code output_config.format}: a JSON schema the answer must follow (enforced by a grammar). */
    static OutputConstraint format(JsonNode outputConfig) {
        JsonNode format = outputConfig == null ? null : outputConfig.get("format");
        if (format == null || format.isNull()) {
            return null;
        }
        if (!"json_schema".equals(format.path("type").asText())) {
            throw new InvalidRequestException("output_config.format.type must be json_schema",
                    "output_config.format.type");
        }
        return RequestFields.jsonSchema(format.get("schema"), "output_config.format.schema");
    }

    /** {@code tools}: client tools, {@code {"name","description","input_schema"}}. */
    static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("tools must be an array of tools", "tools");
        }
        List<Tool> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw new InvalidRequestException(at + ".type \"" + type + "\" is not supported: Helix runs client "
                        + "tools only (name, description, input_schema)", at + ".type");
            }
            result.add(ToolFields.tool(tool.get("name"), tool.get("description"), tool.get("input_schema"), at,
                    "input_schema"));
        }
        return result;
    }

    /** {@code tool_choice}: auto, any (some tool), tool (this one) or none. */
    static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        String type = choice.path("type").asText("");
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> {
                if (!choice.path("name").isTextual()) {
                    throw new InvalidRequestException("tool_choice.name must be a string", "tool_choice.name");
                }
                yield new ToolChoice.Named(choice.get("name").asText());
            }
            default -> throw new InvalidRequestException("tool_choice.type must be auto, any, tool or none, not \""
                    + type + "\"", "tool_choice.type");
        };
    }

    static List<ChatMessage> messages(JsonNode system, List<MessagesRequest.Message> messages) {
        var conversation = new Conversation();
        if (system != null && !system.isNull()) {
            String text = text(system, "system");
            if (!text.isEmpty()) {
                conversation.system(text);
            }
        }
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequestException("messages must be a non-empty array", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            String at = "messages[" + i + "]";
            if (message == null) {
                throw new InvalidRequestException(at + " must be an object", at);
            }
            if (message.content() == null || message.content().isNull()) {
                throw new InvalidRequestException(at + ".content is required", at + ".content");
            }
            switch (message.role() == null ? "" : message.role()) {
                case "user" -> user(conversation, message.content(), at + ".content");
                case "system" -> conversation.system(text(message.content(), at + ".content"));
                case "assistant" -> {
                    if (i == messages.size() - 1) {
                        throw new InvalidRequestException(at + ": a last assistant message (prefill, to be continued) "
                                + "is not supported; end with a user message", at + ".role");
                    }
                    assistant(conversation, message.content(), at + ".content");
                }
                default -> throw new InvalidRequestException(at + ".role must be user, assistant or system, not \""
                        + message.role() + "\"", at + ".role");
            }
        }
        return conversation.messages();
    }

    /** A user turn: its text blocks, joined, and each tool_result as the tool's answer, in their order. */
    private static void user(Conversation conversation, JsonNode content, String where) {
        if (content.isTextual()) {
            conversation.user(content.asText());
            return;
        }
        requireBlocks(content, where);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String at = where + "[" + i + "]";
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> text.add(string(block, "text", at));
                case "tool_result" -> {
                    if (!text.isEmpty()) {
                        conversation.user(String.join("\n", text));
                        text.clear();
                    }
                    String result = block.has("content") ? text(block.get("content"), at + ".content") : "";
                    boolean error = block.path("is_error").asBoolean(false);
                    conversation.toolResult(string(block, "tool_use_id", at), error ? "Error: " + result : result);
                }
                case "image", "document", "search_result" -> throw new InvalidRequestException(
                        "this model cannot read " + type + "s (" + at + " is one)", at + ".type");
                default -> throw new InvalidRequestException(at + ".type must be text or tool_result in a user "
                        + "message, not \"" + type + "\"", at + ".type");
            }
        }
        if (!text.isEmpty()) {
            conversation.user(String.join("\n", text));
        }
    }

    /** An assistant turn: its text and tool_use blocks as one message; thinking blocks left out. */
    private static void assistant(Conversation conversation, JsonNode content, String where) {
        if (content.isTextual()) {
            conversation.assistant(content.asText());
            conversation.endTurn();
            return;
        }
        requireBlocks(content, where);
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String at = where + "[" + i + "]";
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> conversation.assistant(string(block, "text", at));
                case "tool_use" -> conversation.call(string(block, "id", at), string(block, "name", at),
                        ToolFields.argumentsText(block.get("input"), at + ".input"));
                case "thinking", "redacted_thinking" -> { } // earlier reasoning stays out of the prompt
                default -> throw new InvalidRequestException(at + ".type must be text, tool_use or thinking in an "
                        + "assistant message, not \"" + type + "\"", at + ".type");
            }
        }
        conversation.endTurn();
    }

    private static void requireBlocks(JsonNode content, String where) {
        if (!content.isArray()) {
            throw new InvalidRequestException(where + " must be a string or an array of content blocks", where);
        }
    }

    /** A string, or an array of text blocks (the system prompt, a tool's result), joined by line breaks. */
    private static String text(JsonNode content, String where) {
        if (content.isTextual()) {
            return content.asText();
        }
        requireBlocks(content, where);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String at = where + "[" + i + "]";
            String type = block.path("type").asText("");
            if (type.equals("image") || type.equals("document")) {
                throw new InvalidRequestException("this model cannot read " + type + "s (" + at + " is one)",
                        at + ".type");
            }
            if (!type.equals("text")) {
                throw new InvalidRequestException(at + ".type must be text, not \"" + type + "\"", at + ".type");
            }
            text.add(string(block, "text", at));
        }
        return String.join("\n", text);
    }

    private static String string(JsonNode block, String field, String at) {
        JsonNode value = block.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidRequestException(at + "." + field + " must be a string", at + "." + field);
        }
        return value.asText();
    }
}
