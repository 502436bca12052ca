package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The sampling fields of each API reach both engines alike: the same request to a model on engine binding and to
 * the same model on engine ffm gives the same text, for Ollama's {@code options} and OpenAI's fields.
 */
@Timeout(180)
class SamplingBothEnginesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer ffm;

    @BeforeAll
    static void start() {
        String pinned = System.getProperty("helix.test.engine");
        if (pinned == null || pinned.isBlank()) {
            ffm = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                    ModelLoadOptions.DEFAULTS.withContextSize(2048).withEngine(Engine.FFM), RunnerSettings.defaults());
        }
    }

    @AfterAll
    static void stop() {
        if (ffm != null) {
            ffm.close();
        }
    }

    private static String text(String url, String path, String body, String... field) throws Exception {
        var response = Http.post(url + path, body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode node = JSON.readTree(response.body());
        for (String f : field) {
            node = node.isArray() ? node.get(Integer.parseInt(f)) : node.get(f);
        }
        return node.asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"temperature\":0,\"repeat_penalty\":1.4,\"repeat_last_n\":16,\"presence_penalty\":0.5,"
                    + "\"frequency_penalty\":0.5",
            "\"temperature\":0,\"repeat_penalty\":1.3,\"repeat_last_n\":-1",
            "\"temperature\":1.2,\"seed\":5,\"top_k\":30,\"top_p\":0.9,\"min_p\":0.1,\"typical_p\":0.9",
            "\"temperature\":0.9,\"seed\":8,\"repeat_penalty\":1.2,\"repeat_last_n\":0"})
    void ollamaOptionsGiveTheSameTextOnBothEngines(String options) throws Exception {
        assumeTrue(ffm != null, "helix.test.engine pins one engine for every model");
        String body = "{\"model\":\"tiny\",\"prompt\":\"Once upon a time some I evenO evenO evenO\",\"raw\":true,"
                + "\"stream\":false,\"options\":{\"num_predict\":40," + options + "}}";
        String binding = text(TestServer.shared().url(), "/api/generate", body, "response");
        assertFalse(binding.isEmpty());
        assertEquals(binding, text(ffm.url(), "/api/generate", body, "response"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"temperature\":0,\"presence_penalty\":1.5,\"frequency_penalty\":1.0,\"repeat_penalty\":1.2",
            "\"temperature\":0,\"logit_bias\":{\"10\":8,\"20\":6,\"30\":-100}",
            "\"temperature\":1.0,\"seed\":3,\"top_p\":0.8"})
    void openAiFieldsGiveTheSameTextOnBothEngines(String fields) throws Exception {
        assumeTrue(ffm != null, "helix.test.engine pins one engine for every model");
        String body = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell a story\"}],"
                + "\"max_tokens\":40," + fields + "}";
        String binding = text(TestServer.shared().url(), "/v1/chat/completions", body, "choices", "0", "message",
                "content");
        assertFalse(binding.isEmpty());
        assertEquals(binding, text(ffm.url(), "/v1/chat/completions", body, "choices", "0", "message", "content"));
    }
}
