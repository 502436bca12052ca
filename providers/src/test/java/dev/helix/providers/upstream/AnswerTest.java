package dev.helix.providers.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerTest {
    private static final Reply MODELS = Reply.of(200, Map.of("Content-Type", List.of("application/json")),
            "{\"object\":\"list\",\"data\":[{\"id\":\"a\",\"owned_by\":\"local\"},{\"id\":\"b\",\"status\":\"loaded\"}]}");

    @Test
    void jsonAnswersReadPointers() {
        assertTrue(new Answer.JsonText("/object", "list").matches(MODELS));
        assertFalse(new Answer.JsonText("/object", "lists").matches(MODELS));
        assertTrue(new Answer.JsonPresent("/data").matches(MODELS));
        assertFalse(new Answer.JsonPresent("/nope").matches(MODELS));
        assertTrue(new Answer.SomeEntry("/data", "owned_by", "local").matches(MODELS));
        assertTrue(new Answer.Entries(Answer.Quantity.SOME, "/data", "status").matches(MODELS));
        assertFalse(new Answer.Entries(Answer.Quantity.EVERY, "/data", "status").matches(MODELS));
        assertFalse(new Answer.Entries(Answer.Quantity.NONE, "/data", "owned_by").matches(MODELS));
    }

    @Test
    void arrayAnswersNeedAnArray() {
        Reply notAList = Reply.of(200, Map.of(), "{\"data\":{}}");
        assertFalse(new Answer.Entries(Answer.Quantity.NONE, "/data", "owned_by").matches(notAList));
        assertFalse(new Answer.Entries(Answer.Quantity.EVERY, "/data", "state").matches(notAList));
        assertTrue(new Answer.Entries(Answer.Quantity.EVERY, "/data", "state").matches(Reply.of(200, Map.of(), "{\"data\":[]}")));
    }

    @Test
    void aBodyThatIsNotJsonMatchesNoJsonAnswer() {
        Reply text = Reply.of(200, Map.of(), "Ollama is running");
        assertTrue(text.json().isMissingNode());
        assertTrue(new Answer.Text("Ollama is running").matches(text));
        assertFalse(new Answer.JsonPresent("/").matches(Reply.of(200, Map.of(), "{broken")));
    }

    @Test
    void statusHeadersAndCombinations() {
        assertTrue(Answer.ok(new Answer.Contains("list")).matches(MODELS));
        assertFalse(Answer.ok().matches(Reply.of(201, Map.of(), "")));
        assertTrue(new Answer.Exists().matches(Reply.of(401, Map.of(), "")));
        assertFalse(new Answer.Exists().matches(Reply.of(404, Map.of(), "")));
        assertTrue(new Answer.Header("x-helix-version").matches(Reply.of(200, Map.of("X-Helix-Version", List.of("1")), "")));
        assertEquals("GET /health → status 200, /status = \"ok\"",
                new Probe("/health", Answer.ok(new Answer.JsonText("/status", "ok"))).describe());
    }
}
