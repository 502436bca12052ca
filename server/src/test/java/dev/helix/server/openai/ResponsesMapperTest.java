package dev.helix.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.provider.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses API input to the runtime's conversation: items merged into turns, calls matched to their outputs. */
class ResponsesMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void anAssistantTurnsItemsBecomeOneMessageAndOutputsNameTheirTool() throws Exception {
        List<ChatMessage> messages = ResponsesMapper.messages("Be brief.", json("""
                [{"role":"user","content":"Weather?"},
                 {"type":"reasoning","id":"rs_1","summary":[]},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Looking."}]},
                 {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"},
                 {"type":"function_call","call_id":"c2","name":"get_time","arguments":""},
                 {"type":"function_call_output","call_id":"c1","output":"18 C"},
                 {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"noon"}]},
                 {"role":"developer","content":"Answer."}]"""));
        assertEquals(List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.SYSTEM),
                messages.stream().map(ChatMessage::role).toList());
        ChatMessage assistant = messages.get(2);
        assertEquals("Looking.", assistant.content());
        assertEquals(List.of(new ChatMessage.ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"),
                new ChatMessage.ToolCall("c2", "get_time", "{}")), assistant.toolCalls());
        assertEquals(new ChatMessage(Role.TOOL, "18 C", List.of(), "c1", "get_weather"), messages.get(3));
        assertEquals(new ChatMessage(Role.TOOL, "noon", List.of(), "c2", "get_time"), messages.get(4));
    }

    @Test
    void aStringIsOneUserMessage() throws Exception {
        assertEquals(List.of(new ChatMessage(Role.USER, "hi")), ResponsesMapper.messages(null, json("\"hi\"")));
    }

    @Test
    void toolsToolChoiceAndFormat() throws Exception {
        var tools = ResponsesMapper.tools(json("[{\"type\":\"function\",\"name\":\"f\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\"},\"strict\":true}]"));
        assertEquals("f", tools.get(0).name());
        assertEquals("{\"type\":\"object\"}", tools.get(0).parameters());
        assertEquals(ToolChoice.REQUIRED, ResponsesMapper.toolChoice(json("\"required\"")));
        assertEquals(new ToolChoice.Named("f"), ResponsesMapper.toolChoice(json("{\"type\":\"function\",\"name\":\"f\"}")));
        var schema = ResponsesMapper.format(json("{\"format\":{\"type\":\"json_schema\",\"name\":\"x\","
                + "\"schema\":{\"type\":\"object\"},\"strict\":true}}"));
        assertEquals(new OutputConstraint.JsonSchema("{\"type\":\"object\"}"), schema);
        assertInstanceOf(OutputConstraint.AnyJson.class, ResponsesMapper.format(json("{\"format\":{\"type\":\"json_object\"}}")));
        assertEquals(null, ResponsesMapper.format(json("{\"format\":{\"type\":\"text\"},\"verbosity\":\"low\"}")));
        var refused = assertThrows(InvalidRequestException.class,
                () -> ResponsesMapper.toolChoice(json("{\"type\":\"web_search_preview\"}")));
        assertEquals("tool_choice", refused.param());
    }
}
