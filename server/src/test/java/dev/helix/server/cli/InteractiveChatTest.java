package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat loop of {@code helix run MODEL} on a terminal: what each answer is asked with. */
class InteractiveChatTest {
    private record Asked(List<ChatMessage> messages, Double temperature, Integer maxTokens, Long seed) {}

    @Test
    void historyMultiLineSetClearAndBye() throws Exception {
        var asked = new ArrayList<Asked>();
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var input = String.join("\n", "Hello", "/set parameter temperature 0.5", "/set parameter num_predict 7",
                "/set parameter seed 3", "/set parameter top_k 2", "/set system Be brief.", "\"\"\"first line",
                "second line\"\"\"", "/clear", "Again", "/nope", "/bye", "never read") + "\n";
        InteractiveChat.Backend backend = (messages, p, o) -> {
            asked.add(new Asked(List.copyOf(messages), p.temperature, p.maxTokens, p.seed));
            o.print("answer " + asked.size());
            return "answer " + asked.size();
        };
        new InteractiveChat(new BufferedReader(new StringReader(input)), out, backend,
                new InteractiveChat.Parameters()).run();
        assertEquals(3, asked.size(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(new ChatMessage(Role.USER, "Hello")), asked.get(0).messages());
        assertEquals(List.of(new ChatMessage(Role.SYSTEM, "Be brief."), new ChatMessage(Role.USER, "Hello"),
                new ChatMessage(Role.ASSISTANT, "answer 1"), new ChatMessage(Role.USER, "first line\nsecond line")),
                asked.get(1).messages(), "the conversation so far, the system message first");
        assertEquals(new Asked(asked.get(1).messages(), 0.5, 7, 3L), asked.get(1));
        assertEquals(List.of(new ChatMessage(Role.SYSTEM, "Be brief."), new ChatMessage(Role.USER, "Again")),
                asked.get(2).messages(), "/clear forgot the conversation");
        String said = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("Set parameter 'temperature' to '0.5'"), said);
        assertTrue(said.contains("Unknown parameter 'top_k'"), said);
        assertTrue(said.contains("... "), "a continuation prompt: " + said);
        assertTrue(said.contains("Cleared session context"), said);
        assertTrue(said.contains("Unknown command '/nope'. Type /? for help"), said);
    }

    @Test
    void endOfInputLeaves() throws Exception {
        var bytes = new ByteArrayOutputStream();
        new InteractiveChat(new BufferedReader(new StringReader("")), new PrintStream(bytes), (m, p, o) -> {
            throw new AssertionError("nothing to answer");
        }, new InteractiveChat.Parameters()).run();
        assertEquals(">>> \n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
