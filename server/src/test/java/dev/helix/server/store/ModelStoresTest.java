package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every store's real layout in a temporary home, around generated GGUF files, served by a real server: each model is
 * listed under the name its program gives it, says where it came from, and generates text through the Ollama and the
 * OpenAI API.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class ModelStoresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SYSTEM = "You are a pirate. Answer every question like a pirate would, with many words.";
    static final String TEMPLATE = "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
            + "<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n";

    @TempDir
    static Path home;
    private static ModelRouter router;
    private static HelixServer server;
    private static String tinyDigest;

    @BeforeAll
    static void start() throws IOException {
        Path tiny = TestModels.tiny();
        Path plain = TestModels.tinyWithoutTemplate();
        tinyDigest = StoreHome.sha256(tiny);
        Path helix = home.resolve(".helix").resolve("models");
        StoreHome.copy(tiny, helix, "tiny.gguf");
        for (int part = 1; part <= 3; part++) {
            TestModels.headerOnly(helix, "big-0000" + part + "-of-00003.gguf");
        }
        StoreHome.ollamaModel(home.resolve(".ollama").resolve("models"), "tinyllama", "latest", tiny, SYSTEM, TEMPLATE,
                "{\"num_predict\":3,\"temperature\":0}");
        Path hub = home.resolve(".cache").resolve("huggingface").resolve("hub");
        StoreHome.hfFile(hub, "acme", "Tiny-GGUF", "0123abcd", "tiny-Q8_0.gguf", tiny);
        StoreHome.hfFile(hub, "acme", "Tiny-GGUF", "0123abcd", "mmproj-tiny-f16.gguf",
                TestModels.headerOnly(Files.createTempDirectory(home, "p"), "projector.gguf"));
        Path lmStudio = home.resolve(".lmstudio").resolve("models").resolve("lmstudio-community");
        StoreHome.copy(plain, lmStudio.resolve("Plain-GGUF"), "plain-Q4_0.gguf");
        StoreHome.copy(tiny, lmStudio.resolve("Tiny-GGUF"), "tiny.gguf"); // the name Helix's folder has already
        Path jan = home.resolve("jan").resolve("models").resolve("jan-tiny");
        StoreHome.copy(tiny, jan, "jan-tiny-q8.gguf");
        Files.writeString(jan.resolve("model.json"), """
                {"id": "jan-tiny", "name": "Jan Tiny", "format": "gguf",
                 "sources": [{"filename": "jan-tiny-q8.gguf", "url": "https://example.invalid/jan-tiny-q8.gguf"}],
                 "parameters": {"max_tokens": 2, "temperature": 0.0}}""");
        StoreHome.copy(tiny, home.resolve(".local").resolve("share").resolve("nomic.ai").resolve("GPT4All"),
                "gpt4all-tiny.gguf");

        var stores = StoresConfig.DEFAULTS.stores(new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX));
        var catalog = new ModelCatalog(helix, List.of(), TestEngine.defaults().withContextSize(512), stores);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                RouterSettings.DEFAULTS.withMaxLoadedModels(2).withDefaultKeepAlive(KeepAlive.parse("1m"))
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

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static JsonNode post(String path, String body) throws IOException {
        var response = Http.post(url(path), body);
        assertEquals(200, response.statusCode(), path + " " + body + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> tags() throws IOException {
        var tags = new HashMap<String, JsonNode>();
        for (JsonNode m : JSON.readTree(Http.get(url("/api/tags")).body()).path("models")) {
            tags.put(m.path("name").asText(), m);
        }
        return tags;
    }

    @Test
    void everyStoreIsListedUnderItsProgramsNamesWithWhereItCameFrom() throws IOException {
        Map<String, JsonNode> tags = tags();
        Map<String, String> expected = Map.of("tiny:latest", "helix", "big:latest", "helix",
                "tinyllama:latest", "ollama", "hf.co/acme/Tiny-GGUF:Q8_0", "huggingface",
                "plain-Q4_0:latest", "lmstudio", "lmstudio/tiny:latest", "lmstudio", "jan-tiny:latest", "jan",
                "gpt4all-tiny:latest", "gpt4all");
        expected.forEach((name, store) -> {
            assertTrue(tags.containsKey(name), name + " not in " + tags.keySet());
            assertEquals(store, tags.get(name).path("source").path("store").asText(), name);
        });
        assertEquals(expected.size(), tags.size(), tags.keySet().toString());
        assertEquals(3, tags.get("big:latest").path("source").path("parts").asInt(), "a split model is one model");
        assertTrue(tags.get("big:latest").path("source").path("path").asText().endsWith("big-00001-of-00003.gguf"));
        var hf = tags.get("hf.co/acme/Tiny-GGUF:Q8_0");
        assertTrue(hf.path("source").path("projector").asText().endsWith("mmproj-tiny-f16.gguf"), hf.toString());
        assertEquals(tinyDigest, hf.path("digest").asText(), "the hub cache's blob name is the file's sha256");
        assertEquals(tinyDigest, tags.get("tinyllama:latest").path("digest").asText(), "Ollama's blob digest");
        assertTrue(tags.get("tinyllama:latest").path("source").path("path").asText().endsWith("sha256-" + tinyDigest));
    }

    @Test
    void theCollisionIsReportedAndBothModelsStayReachable() {
        var collisions = router.catalog().collisions();
        assertEquals(1, collisions.size(), collisions.toString());
        assertEquals("tiny", collisions.get(0).name());
        assertEquals("lmstudio/tiny", collisions.get(0).servedAs());
        assertTrue(collisions.get(0).describe().contains("LM Studio"), collisions.get(0).describe());
        assertTrue(router.find("tiny").orElseThrow().path().startsWith(home.resolve(".helix")));
        assertTrue(router.find("lmstudio/tiny").orElseThrow().path().startsWith(home.resolve(".lmstudio")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tinyllama:latest", "hf.co/acme/Tiny-GGUF:Q8_0", "plain-Q4_0", "lmstudio/tiny",
            "jan-tiny", "gpt4all-tiny"})
    void everyModelGeneratesTextThroughBothApis(String model) throws IOException {
        JsonNode ollama = post("/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Once upon a time\","
                + "\"stream\":false,\"options\":{\"num_predict\":4,\"temperature\":0}}");
        assertTrue(ollama.path("done").asBoolean(), ollama.toString());
        assertTrue(ollama.path("eval_count").asInt() > 0, ollama.toString());
        assertFalse(ollama.path("response").asText().isEmpty(), ollama.toString());
        JsonNode openAi = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":4,"
                + "\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertTrue(openAi.path("usage").path("completion_tokens").asInt() > 0, openAi.toString());
        assertNotNull(openAi.path("choices").path(0).path("message").path("content").asText(null), openAi.toString());
    }

    @Test
    void ollamaNamesResolveWithoutTheTagAndIgnoringCase() {
        assertEquals("tinyllama:latest", router.find("tinyllama").orElseThrow().id());
        assertEquals("tinyllama:latest", router.find("TinyLlama:latest").orElseThrow().id());
    }

    @Test
    void anOllamaModelsSystemTemplateAndParamsLayersApply() throws IOException {
        JsonNode show = post("/api/show", "{\"model\":\"tinyllama\"}");
        assertEquals(TEMPLATE, show.path("template").asText());
        String chat = "{\"model\":\"%s\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        JsonNode withLayers = post("/api/chat", chat.formatted("tinyllama"));
        JsonNode plainTiny = post("/api/chat", chat.formatted("tiny") .replace("\"stream\"",
                "\"options\":{\"num_predict\":3},\"stream\""));
        assertTrue(withLayers.path("eval_count").asInt() <= 3, "params layer num_predict 3: " + withLayers);
        assertTrue(withLayers.path("prompt_eval_count").asInt() > plainTiny.path("prompt_eval_count").asInt() + 10,
                "the system layer is in the prompt: " + withLayers + " vs " + plainTiny);
        JsonNode openAi = post("/v1/chat/completions", "{\"model\":\"tinyllama\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertTrue(openAi.path("usage").path("completion_tokens").asInt() <= 3, openAi.toString());
        assertEquals(withLayers.path("prompt_eval_count").asInt(), openAi.path("usage").path("prompt_tokens").asInt());
        JsonNode generated = post("/api/generate", "{\"model\":\"tinyllama\",\"prompt\":\"Hi\",\"stream\":false}");
        assertTrue(generated.path("prompt_eval_count").asInt() > 10, "rendered with the template and system layers");
    }

    @Test
    void janParametersApply() throws IOException {
        JsonNode chat = post("/api/chat", "{\"model\":\"jan-tiny\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Tell me a long story\"}]}");
        assertTrue(chat.path("eval_count").asInt() <= 2, "model.json max_tokens 2: " + chat);
    }
}
