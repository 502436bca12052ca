package dev.helix.server.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.protocol.anthropic.MessagesRequest;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Role;
import dev.helix.provider.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic Messages requests to the runtime's chat request. */
class MessagesMapperTest {
    private static final ObjectMapper JSON = WireJson.mapper();

    private static ChatRequest map(String body) throws Exception {
        return MessagesMapper.request(JSON.readValue(body, MessagesRequest.class), "m", false);
    }

    @Test
    void blocksBecomeTurnsAndResultsNameTheirTool() throws Exception {
        ChatRequest r = map("""
                {"max_tokens":5,"system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],
                 "messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},
                    {"type":"text","text":"Looking."},
                    {"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"18 C"},
                    {"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"down"}]},
                    {"type":"text","text":"And?"}]}]}""");
        List<ChatMessage> m = r.messages();
        assertEquals(List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.USER),
                m.stream().map(ChatMessage::role).toList());
        assertEquals("A\nB", m.get(0).content());
        assertEquals("Looking.", m.get(2).content());
        assertEquals(List.of(new ChatMessage.ToolCall("t1", "get_weather", "{\"city\":\"Paris\"}")),
                m.get(2).toolCalls());
        assertEquals(new ChatMessage(Role.TOOL, "18 C", List.of(), "t1", "get_weather"), m.get(3));
        assertEquals("Error: down", m.get(4).content());
        assertEquals("And?", m.get(5).content());
    }

    @Test
    void samplingStopsToolsAndChoices() throws Exception {
        ChatRequest r = map("""
                {"max_tokens":9,"temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END"],
                 "tools":[{"name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
                 "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},
                 "messages":[{"role":"user","content":"x"}]}""");
        assertEquals(9, r.options().maxTokens());
        assertEquals(0.5, r.options().temperature());
        assertEquals(0.9, r.options().topP());
        assertEquals(40, r.options().topK());
        assertEquals(List.of("END"), r.options().stop());
        assertTrue(r.options().think());
        assertEquals(new ToolChoice.Named("f"), r.toolChoice());
        assertFalse(r.parallelToolCalls());
        assertEquals(ToolChoice.REQUIRED, MessagesMapper.toolChoice(JSON.readTree("{\"type\":\"any\"}")));
        assertEquals(ToolChoice.NONE, MessagesMapper.toolChoice(JSON.readTree("{\"type\":\"none\"}")));
        assertEquals(new OutputConstraint.JsonSchema("{\"type\":\"object\"}"), map("""
                {"max_tokens":9,"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},
                 "messages":[{"role":"user","content":"x"}]}""").options().constraint());
    }

    @Test
    void whatCannotBeHonouredIsRefusedNamingTheField() {
        assertEquals("max_tokens", refused("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertEquals("messages", refused("{\"max_tokens\":1,\"messages\":[]}"));
        assertEquals("messages[0].role", refused("{\"max_tokens\":1,\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"));
        assertEquals("messages[0].content[0].type", refused("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\",\"source\":{}}]}]}"));
        assertEquals("messages[1].content[0].input", refused("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
                + "\"name\":\"f\",\"input\":[1]}]},{\"role\":\"user\",\"content\":\"y\"}]}"));
        assertEquals("tool_choice.type", refused("{\"max_tokens\":1,\"tool_choice\":{\"type\":\"some\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
    }

    private static String refused(String body) {
        return assertThrows(InvalidRequestException.class, () -> map(body)).param();
    }
}
