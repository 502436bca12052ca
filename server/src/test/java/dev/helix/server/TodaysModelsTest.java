package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.gguf.TodaysArchitecture;
import dev.helix.runtime.testing.TestEngine;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, today's models on the bundled llama.cpp (b4916): Qwen3 and Gemma 3n files, which that library cannot
 * load, are refused before they reach it, with a message that names the architecture, the library it needs and how
 * to build it, in each API's error shape; the server keeps serving other models. A Gemma 3 file, an architecture
 * b4916 already knows, loads and generates. Real generated files, a real server and real runner processes, on both
 * engines (the {@code ffm-engine} execution runs this class again with every model on {@code engine: ffm}; the
 * server's runners load the jar's library, as {@link TestServer} pins it).
 */
@Timeout(180)
@Tag(TestEngine.TAG)
class TodaysModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RandomLlamaModel SHAPE = TodaysArchitecture.smallestShape();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        TodaysArchitecture.QWEN3.write(SHAPE, server.modelsDir().resolve("qwen3-random.gguf"));
        TodaysArchitecture.GEMMA3.write(SHAPE, server.modelsDir().resolve("gemma3-random.gguf"));
        TodaysArchitecture.GEMMA3N.write(SHAPE, server.modelsDir().resolve("gemma3n-random.gguf"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> ollamaGenerate(String model) {
        return Http.post(server.url() + "/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Hello\","
                + "\"stream\":false,\"options\":{\"num_predict\":4,\"temperature\":0}}");
    }

    private static HttpResponse<String> openAiChat(String model) {
        return Http.post(server.url() + "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":4,\"temperature\":0}");
    }

    private static void assertExplainsTheRefusal(String architecture, String message) {
        assertTrue(message.contains("uses architecture " + architecture + ", which the bundled llama.cpp (b4916)"
                + " cannot load: it needs the current llama.cpp library"), message);
        assertTrue(message.contains("`native/build.sh --backend cpu`"), "says how to build the library: " + message);
        assertTrue(message.contains("`engine: ffm`"), "says which engine loads it: " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma3n"})
    void aModelB4916CannotLoadIsRefusedInTheOllamaShapeAndTheServerServesOnOtherModels(String architecture)
            throws Exception {
        var refused = ollamaGenerate(architecture + "-random");
        assertEquals(500, refused.statusCode(), refused.body());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals(1, body.size(), "Ollama's error body is {\"error\": \"...\"}: " + refused.body());
        assertExplainsTheRefusal(architecture, body.get("error").asText());

        var served = ollamaGenerate("tiny");
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(JSON.readTree(served.body()).get("done").asBoolean(), served.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma3n"})
    void aModelB4916CannotLoadIsRefusedInTheOpenAiShapeAndTheServerServesOnOtherModels(String architecture)
            throws Exception {
        var refused = openAiChat(architecture + "-random");
        assertEquals(500, refused.statusCode(), refused.body());
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertEquals("model_load_failed", error.get("code").asText(), refused.body());
        assertEquals("server_error", error.get("type").asText(), refused.body());
        assertExplainsTheRefusal(architecture, error.get("message").asText());

        var served = openAiChat("tiny");
        assertEquals(200, served.statusCode(), served.body());
        assertEquals("tiny", JSON.readTree(served.body()).get("model").asText(), served.body());
    }

    @Test
    void aGemma3ModelLoadsAndGeneratesWithTheBundledLibrary() throws Exception {
        var chat = openAiChat("gemma3-random");
        assertEquals(200, chat.statusCode(), chat.body());
        JsonNode completion = JSON.readTree(chat.body());
        int tokens = completion.get("usage").get("completion_tokens").asInt();
        assertTrue(tokens >= 1 && tokens <= 4, "it generated (noise, from random weights): " + chat.body());
        assertFalse(completion.get("choices").get(0).get("finish_reason").isNull(), chat.body());
    }
}
