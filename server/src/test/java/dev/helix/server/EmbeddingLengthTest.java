package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 7: an embedding input longer than the model takes at once (batch_size, 512 tokens here). Ollama
 * cuts it to its first tokens unless {@code truncate: false}, which gets a 400 that says so; {@code /v1/embeddings}
 * answers as OpenAI does, 400 {@code context_length_exceeded}, since OpenAI's API has no truncation to ask for.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class EmbeddingLengthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 512;
    private static final String LONG = "the quick brown fox jumps over the lazy dog ".repeat(300);

    private static String url() {
        return TestServer.shared().url();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static int tokens(String text) throws Exception {
        return json(Http.post(url() + "/tokenize", "{\"model\":\"tiny\",\"content\":" + JSON.writeValueAsString(text)
                + ",\"add_special\":true}")).get("tokens").size();
    }

    @Test
    void ollamaCutsALongInputToWhatTheModelTakesByDefaultAndWhenAsked() throws Exception {
        assertTrue(tokens(LONG) > BATCH, "the input must be longer than the batch");
        String body = "{\"model\":\"tiny\",\"input\":" + JSON.writeValueAsString(LONG);
        var byDefault = Http.post(url() + "/api/embed", body + "}");
        assertEquals(200, byDefault.statusCode(), byDefault.body());
        JsonNode cut = json(byDefault);
        assertEquals(1, cut.get("embeddings").size());
        assertTrue(cut.get("prompt_eval_count").asInt() <= BATCH, cut.get("prompt_eval_count").toString());
        assertTrue(cut.get("prompt_eval_count").asInt() > BATCH - 16, "cut at the limit, not far before it");

        var asked = Http.post(url() + "/api/embed", body + ",\"truncate\":true}");
        assertEquals(200, asked.statusCode(), asked.body());
        assertEquals(cut.get("embeddings"), json(asked).get("embeddings"));

        var legacy = Http.post(url() + "/api/embeddings", "{\"model\":\"tiny\",\"prompt\":"
                + JSON.writeValueAsString(LONG) + "}");
        assertEquals(200, legacy.statusCode(), legacy.body());
        assertEquals(cut.at("/embeddings/0"), json(legacy).get("embedding"));
    }

    @Test
    void ollamaWithTruncateFalseGetsAClearContextError() throws Exception {
        var refused = Http.post(url() + "/api/embed", "{\"model\":\"tiny\",\"truncate\":false,\"input\":[\"short\","
                + JSON.writeValueAsString(LONG) + "]}");
        assertEquals(400, refused.statusCode(), refused.body());
        String error = json(refused).get("error").asText();
        assertTrue(error.startsWith("input[1] is ") && error.contains("maximum context length is 512 tokens"), error);
    }

    @Test
    void openAiGetsContextLengthExceededInItsOwnShape() throws Exception {
        var refused = Http.post(url() + "/v1/embeddings", "{\"model\":\"tiny\",\"input\":"
                + JSON.writeValueAsString(LONG) + "}");
        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode error = json(refused).get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), refused.body());
        assertEquals("context_length_exceeded", error.get("code").asText(), refused.body());
        assertEquals("input", error.get("param").asText(), refused.body());
        assertTrue(error.get("message").asText().contains("maximum context length is 512 tokens"), refused.body());
    }

    @Test
    void anInputThatFitsIsNotCut() throws Exception {
        String text = "the quick brown fox";
        JsonNode whole = json(Http.post(url() + "/api/embed", "{\"model\":\"tiny\",\"truncate\":false,\"input\":\""
                + text + "\"}"));
        assertEquals(tokens(text), whole.get("prompt_eval_count").asInt());
        assertEquals(whole.get("embeddings"), json(Http.post(url() + "/api/embed", "{\"model\":\"tiny\",\"input\":\""
                + text + "\"}")).get("embeddings"));
    }
}
