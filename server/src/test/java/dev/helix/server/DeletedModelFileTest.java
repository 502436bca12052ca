package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 10: a model file deleted before its first load gave 500 "model file not found"; one deleted while
 * loaded stayed in {@code /api/ps} and could not be unloaded. Now the first is a 404 in each API's shape, the second
 * can be unloaded, and the catalog stops listing both. Real files in a real models folder.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class DeletedModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                ModelLoadOptions.DEFAULTS.withContextSize(512), RunnerSettings.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path copy(String name) throws Exception {
        return TestModels.copyOf(TestModels.tiny(), server.modelsDir(), name + ".gguf");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static boolean listed(String path, String field, String name) throws Exception {
        for (JsonNode m : json(Http.get(server.url() + path)).get(field)) {
            if (m.path("name").asText(m.path("id").asText()).startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private static HttpResponse<String> generate(String model, String extra) {
        return Http.post(server.url() + "/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"stream\":"
                + "false,\"options\":{\"num_predict\":2}" + extra + "}");
    }

    @Test
    void aFileDeletedBeforeItsFirstLoadIsNotFoundInEachApisShape() throws Exception {
        Path ollama = copy("doomed-ollama");
        Path openAi = copy("doomed-openai");
        assertTrue(listed("/api/tags", "models", "doomed-ollama") && listed("/v1/models", "data", "doomed-openai"));
        Files.delete(ollama);
        Files.delete(openAi);

        var generate = generate("doomed-ollama", "");
        assertEquals(404, generate.statusCode(), generate.body());
        assertEquals("model \"doomed-ollama\" not found: its file " + ollama.toAbsolutePath().normalize()
                + " is gone", json(generate).get("error").asText());

        var chat = Http.post(server.url() + "/v1/chat/completions", "{\"model\":\"doomed-openai\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":2}");
        assertEquals(404, chat.statusCode(), chat.body());
        JsonNode error = json(chat).get("error");
        assertEquals("model_not_found", error.get("code").asText(), chat.body());
        assertTrue(error.get("message").asText().startsWith("model \"doomed-openai\" not found"), chat.body());

        assertFalse(listed("/api/tags", "models", "doomed-"), "the catalog stops listing them");
        assertFalse(listed("/v1/models", "data", "doomed-"));
        assertFalse(listed("/api/ps", "models", "doomed-"), "nothing was loaded");
    }

    @Test
    void aFileDeletedWhileLoadedCanBeUnloadedAndIsThenGone() throws Exception {
        Path file = copy("fleeting");
        assertEquals(200, generate("fleeting", ",\"keep_alive\":\"10m\"").statusCode());
        assertTrue(listed("/api/ps", "models", "fleeting"));
        Files.delete(file);
        var embed = Http.post(server.url() + "/api/embed", "{\"model\":\"fleeting\",\"input\":\"Hi\"}");
        if (TestEngine.ffm()) { // its embedding context is made from the model already in memory
            assertEquals(200, embed.statusCode(), embed.body());
        } else { // the binding's embedding context loads the file again, which is gone
            assertEquals(404, embed.statusCode(), "its embedding context cannot start: " + embed.body());
            assertTrue(json(embed).get("error").asText().contains("is gone"), embed.body());
        }
        assertEquals(200, generate("fleeting", "").statusCode(), "generation goes on while the catalog still has it");

        assertFalse(listed("/api/tags", "models", "fleeting"), "the catalog stops listing it");
        var after = generate("fleeting", "");
        assertEquals(404, after.statusCode(), "a model the catalog no longer lists is not served: " + after.body());
        assertTrue(listed("/api/ps", "models", "fleeting"), "its runner still runs until it is unloaded");

        var unload = Http.post(server.url() + "/api/generate", "{\"model\":\"fleeting\",\"keep_alive\":0}");
        assertEquals(200, unload.statusCode(), unload.body());
        assertEquals("unload", json(unload).get("done_reason").asText());
        assertFalse(listed("/api/ps", "models", "fleeting"), "unloaded");
        assertEquals(404, Http.post(server.url() + "/api/generate", "{\"model\":\"fleeting\",\"keep_alive\":0}")
                .statusCode(), "unloading it again: not found");
    }
}
