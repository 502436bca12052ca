package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.KeepAlive;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.router.store.StoreLocations;
import dev.helix.router.store.StoresConfig;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import dev.helix.server.HelixServer;
import dev.helix.server.Http;
import dev.helix.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Ollama model whose template layer is gemma2's real {@code .Messages} template (over a GGUF whose own template is
 * ChatML, so the prompt shows which one was used): {@code /api/generate} renders it with the system layer, and the
 * model sees exactly the prompt worked out by hand (the same prompt tokens and the same greedy text as that prompt sent
 * raw), and {@code /api/chat} renders its conversation through it the same way; a request's own {@code .Messages}
 * template renders too.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class TemplateLayerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMMA = "<start_of_turn>user\nYou are Qwen.<end_of_turn>\n<start_of_turn>user\n"
            + "What is 2+2?<end_of_turn>\n<start_of_turn>model\n";
    private static final String PROMPT = "<|im_start|>system\nYou are Qwen.<|im_end|>\n<|im_start|>user\nWhat is 2+2?"
            + "<|im_end|>\n<|im_start|>assistant\n";

    @TempDir
    static Path home;
    private static ModelRouter router;
    private static HelixServer server;

    @BeforeAll
    static void start() throws IOException {
        String template;
        try (InputStream in = TemplateLayerTest.class.getResourceAsStream("/ollama-templates/gemma2.gotmpl")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StoreHome.ollamaModel(home.resolve(".ollama").resolve("models"), "qwenish", "latest", TestModels.tiny(),
                "You are Qwen.", template, null);
        var stores = StoresConfig.DEFAULTS.stores(new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX));
        Path helix = Files.createDirectories(home.resolve(".helix").resolve("models"));
        var catalog = new ModelCatalog(helix, List.of(), TestEngine.defaults().withContextSize(512), stores);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                RouterSettings.DEFAULTS.withDefaultKeepAlive(KeepAlive.parse("1m"))
                        .withQueueTimeout(Duration.ofSeconds(60)));
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (router != null) {
            router.close();
        }
    }

    private static JsonNode generate(String fields) throws IOException {
        var response = Http.post("http://127.0.0.1:" + server.port() + "/api/generate", "{\"model\":\"qwenish\","
                + "\"stream\":false,\"options\":{\"num_predict\":8,\"temperature\":0}," + fields + "}");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void theMessagesTemplateLayerMakesThePromptWorkedOutByHand() throws IOException {
        JsonNode templated = generate("\"prompt\":\"What is 2+2?\"");
        JsonNode raw = generate("\"raw\":true,\"prompt\":" + JSON.writeValueAsString(GEMMA));
        JsonNode chatMl = generate("\"raw\":true,\"prompt\":" + JSON.writeValueAsString(PROMPT));
        assertTrue(raw.path("prompt_eval_count").asInt() > 20, raw.toString());
        assertTrue(chatMl.path("prompt_eval_count").asInt() != raw.path("prompt_eval_count").asInt(),
                "the two templates make prompts of different lengths: " + chatMl + " vs " + raw);
        assertEquals(raw.path("prompt_eval_count").asInt(), templated.path("prompt_eval_count").asInt(),
                templated + " vs " + raw);
        assertEquals(raw.path("response").asText(), templated.path("response").asText());
    }

    @Test
    void chatRendersTheConversationThroughTheTemplateLayerToo() throws IOException {
        var chat = Http.post("http://127.0.0.1:" + server.port() + "/api/chat", "{\"model\":\"qwenish\","
                + "\"stream\":false,\"options\":{\"num_predict\":8,\"temperature\":0},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}");
        assertEquals(200, chat.statusCode(), chat.body());
        JsonNode chatted = JSON.readTree(chat.body());
        JsonNode raw = generate("\"raw\":true,\"prompt\":" + JSON.writeValueAsString(GEMMA));
        assertEquals(raw.path("prompt_eval_count").asInt(), chatted.path("prompt_eval_count").asInt(),
                "gemma2's prompt with the system layer, not the GGUF's ChatML: " + chatted + " vs " + raw);
        assertEquals(raw.path("response").asText(), chatted.path("message").path("content").asText());
    }

    @Test
    void aRequestsOwnMessagesTemplateRenders() throws IOException {
        String template = "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"
                + "<|im_start|>assistant\n";
        JsonNode templated = generate("\"prompt\":\"What is 2+2?\",\"system\":\"You are Qwen.\",\"template\":"
                + JSON.writeValueAsString(template));
        JsonNode raw = generate("\"raw\":true,\"prompt\":" + JSON.writeValueAsString(PROMPT));
        assertEquals(raw.path("prompt_eval_count").asInt(), templated.path("prompt_eval_count").asInt());
        assertEquals(raw.path("response").asText(), templated.path("response").asText());
        var bad = Http.post("http://127.0.0.1:" + server.port() + "/api/generate", "{\"model\":\"qwenish\","
                + "\"prompt\":\"x\",\"stream\":false,\"template\":\"{{ range .Messages }}{{ .Nope }}{{ end }}\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("template: can't evaluate field Nope in type *api.Message",
                JSON.readTree(bad.body()).path("error").asText());
    }
}
