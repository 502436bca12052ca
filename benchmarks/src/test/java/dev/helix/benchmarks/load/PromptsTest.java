package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsTest {
    @Test
    void promptsAreFixedPerIndexAndDifferFromTheirFirstWords() {
        assertEquals(Prompts.story(3), Prompts.story(3));
        assertNotEquals(Prompts.story(3).get(0).content().substring(0, 8), Prompts.story(4).get(0).content().substring(0, 8));
        assertEquals(Prompts.conversation(1, 500), Prompts.conversation(1, 500));
        assertNotEquals(Prompts.conversation(1, 500).get(0), Prompts.conversation(2, 500).get(0));
    }

    @Test
    void aConversationAlternatesAndEndsWithAQuestionThatTheNextTurnExtends() {
        List<ChatMessage> first = Prompts.conversation(0, 1000);
        assertEquals(Role.SYSTEM, first.get(0).role());
        for (int i = 1; i < first.size(); i++) {
            assertEquals(i % 2 == 1 ? Role.USER : Role.ASSISTANT, first.get(i).role(), "message " + i);
        }
        assertEquals(Role.USER, first.get(first.size() - 1).role());
        int words = first.stream().mapToInt(m -> m.content().split(" ").length).sum();
        assertTrue(words > 600 && words < 800, "about 1000 tokens at 1.4 tokens per word: " + words);
        List<ChatMessage> next = Prompts.nextTurn(first, "an answer");
        assertEquals(first, next.subList(0, first.size()));
        assertEquals(new ChatMessage(Role.ASSISTANT, "an answer"), next.get(first.size()));
    }

    @Test
    void requestBodiesCarryGreedyDecodingInEachProtocol() {
        var r = StreamRequest.greedy("m", Prompts.story(0), 7, 42);
        String openai = new String(r.body(Api.OPENAI), StandardCharsets.UTF_8);
        String ollama = new String(r.body(Api.OLLAMA), StandardCharsets.UTF_8);
        assertTrue(openai.contains("\"stream\":true") && openai.contains("\"max_tokens\":7")
                && openai.contains("\"temperature\":0.0") && openai.contains("\"seed\":42")
                && openai.contains("\"include_usage\":true"), openai);
        assertTrue(ollama.contains("\"stream\":true") && ollama.contains("\"options\":{\"num_predict\":7,"
                + "\"temperature\":0.0,\"seed\":42}"), ollama);
    }
}
