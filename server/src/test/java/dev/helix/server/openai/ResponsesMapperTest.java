package dev.helix.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                 {"role":"developer","content":"Answer."}]"""), new ItemStore(10, 1000));
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
    void itemReferencesAreResolvedFromTheStoreAndAnUnknownOneIsRefused() throws Exception {
        var store = new ItemStore(10, 1000);
        var call = new dev.helix.provider.Chunk.ToolCall(0, "call_9", "get_time", "{}");
        store.put("msg_1", new dev.helix.server.Reply.Part.Text("Looking."));
        store.put("fc_1", new dev.helix.server.Reply.Part.Call(call));
        List<ChatMessage> messages = ResponsesMapper.messages(null, json("""
                [{"role":"user","content":"Time?"},{"type":"item_reference","id":"msg_1"},
                 {"type":"item_reference","id":"fc_1"},
                 {"type":"function_call_output","call_id":"call_9","output":"noon"}]"""), store);
        assertEquals(new ChatMessage(Role.ASSISTANT, "Looking.", List.of(new ChatMessage.ToolCall("call_9", "get_time",
                "{}")), null, null), messages.get(1));
        assertEquals("get_time", messages.get(2).toolName());
        var unknown = assertThrows(InvalidRequestException.class, () -> ResponsesMapper.messages(null,
                json("[{\"type\":\"item_reference\",\"id\":\"msg_2\"}]"), store));
        assertEquals("input[0].id", unknown.param());
    }

    @Test
    void theStoreIsBoundedByCountAndByCharacters() {
        var store = new ItemStore(2, 10);
        store.put("a", new dev.helix.server.Reply.Part.Text("12345"));
        store.put("b", new dev.helix.server.Reply.Part.Text("12345"));
        assertTrue(store.find("a").isPresent(), "the most recently used stays");
        store.put("c", new dev.helix.server.Reply.Part.Text("1"));
        assertEquals(2, store.size());
        assertTrue(store.find("b").isEmpty(), "the least recently used goes first");
        store.put("d", new dev.helix.server.Reply.Part.Text("1234567890"));
        assertEquals(1, store.size(), "over 10 characters the oldest go");
        assertTrue(store.find("d").isPresent());
    }

    @Test
    void aStringIsOneUserMessage() throws Exception {
        assertEquals(List.of(new ChatMessage(Role.USER, "hi")), ResponsesMapper.messages(null, json("\"hi\""), new ItemStore(10, 1000)));
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
