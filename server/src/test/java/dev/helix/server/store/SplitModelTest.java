package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
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
 * A real model split in three as gguf-split writes it, in Helix's folder and in a Hugging Face cache snapshot (parts
 * linked to sha256-named blobs): each is listed once, loads from its first part and generates through the Ollama and
 * the OpenAI API exactly what the same weights in one file generate (greedy), so llama.cpp read every part. A split
 * with a part missing is refused with the missing file's name, and the server goes on serving.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class SplitModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HF_NAME = "hf.co/acme/Split-GGUF:F16";

    @TempDir
    static Path home;
    private static ModelRouter router;
    private static HelixServer server;
    private static List<Path> helixParts;
    private static List<Path> hfParts;
    private static Path brokenPart;

    @BeforeAll
    static void start() throws IOException {
        Path whole = TestModels.tiny();
        Path helix = Files.createDirectories(home.resolve(".helix").resolve("models"));
        StoreHome.copy(whole, helix, "whole.gguf");
        helixParts = TestModels.split(whole, helix, "big", 3);
        List<Path> broken = TestModels.split(whole, helix, "broken", 3);
        brokenPart = broken.get(1);
        Files.delete(brokenPart);

        Path hub = home.resolve(".cache").resolve("huggingface").resolve("hub");
        hfParts = new ArrayList<>();
        for (Path part : TestModels.split(whole, Files.createTempDirectory(home, "parts"), "split-F16", 3)) {
            hfParts.add(StoreHome.hfFile(hub, "acme", "Split-GGUF", "0123abcd", "F16/" + part.getFileName(), part));
        }

        var stores = StoresConfig.DEFAULTS.stores(new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX));
        var catalog = new ModelCatalog(helix, List.of(), TestEngine.defaults().withContextSize(512), stores);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                RouterSettings.DEFAULTS.withMaxLoadedModels(3).withDefaultKeepAlive(KeepAlive.parse("1m"))
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

    private static String generated(String model) throws IOException {
        JsonNode ollama = post("/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Once upon a time\","
                + "\"stream\":false,\"options\":{\"num_predict\":12,\"temperature\":0,\"seed\":1}}");
        assertTrue(ollama.path("done").asBoolean(), ollama.toString());
        assertEquals(12, ollama.path("eval_count").asInt(), ollama.toString());
        return ollama.path("response").asText();
    }

    private static String chatted(String model) throws IOException {
        JsonNode openAi = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":12,"
                + "\"temperature\":0,\"seed\":1,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}");
        assertTrue(openAi.path("usage").path("completion_tokens").asInt() > 0, openAi.toString());
        return openAi.path("choices").path(0).path("message").path("content").asText()
                + " (" + openAi.path("choices").path(0).path("finish_reason").asText() + ")";
    }

    @Test
    void eachSplitIsListedOnceUnderItsFirstPart() throws IOException {
        var names = new ArrayList<String>();
        JsonNode big = null;
        JsonNode hf = null;
        for (JsonNode m : JSON.readTree(Http.get(url("/api/tags")).body()).path("models")) {
            String name = m.path("name").asText();
            names.add(name);
            big = name.equals("big:latest") ? m : big;
            hf = name.equals(HF_NAME) ? m : hf;
        }
        assertEquals(List.of("big:latest", "broken:latest", HF_NAME, "whole:latest"), names.stream().sorted().toList());
        assertEquals(3, big.path("source").path("parts").asInt(), big.toString());
        assertEquals(helixParts.get(0).toString(), big.path("source").path("path").asText());
        assertEquals(3, hf.path("source").path("parts").asInt(), hf.toString());
        assertEquals(hfParts.get(0).toString(), hf.path("source").path("path").asText(),
                "the snapshot's link, whose name says the part, not the blob it points at");
    }

    @Test
    void theRunnerIsGivenTheFirstPartByTheNameLlamaCppDerivesTheOthersFrom() {
        assertEquals(helixParts.get(0), router.find("big").orElseThrow().path());
        assertEquals(hfParts.get(0), router.find(HF_NAME).orElseThrow().path());
        assertTrue(Files.isSymbolicLink(hfParts.get(0)), "a hub cache part is a link to a blob named by its digest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", HF_NAME})
    void aSplitGeneratesThroughBothApisWhatTheWholeFileGenerates(String model) throws IOException {
        String ollama = generated(model);
        assertFalse(ollama.isEmpty());
        assertEquals(generated("whole"), ollama, "greedy: the same weights give the same text");
        assertEquals(chatted("whole"), chatted(model));
    }

    @Test
    void aMissingPartIsNamedInEachApisErrorAndTheServerGoesOn() throws IOException {
        var ollama = Http.post(url("/api/generate"), "{\"model\":\"broken\",\"prompt\":\"Hi\",\"stream\":false}");
        assertEquals(500, ollama.statusCode(), ollama.body());
        String error = JSON.readTree(ollama.body()).path("error").asText();
        assertTrue(error.contains("part 2 is missing: " + brokenPart), error);
        var openAi = Http.post(url("/v1/chat/completions"), "{\"model\":\"broken\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertEquals(500, openAi.statusCode(), openAi.body());
        String message = JSON.readTree(openAi.body()).path("error").path("message").asText();
        assertTrue(message.contains("part 2 is missing: " + brokenPart), message);
        assertFalse(generated("whole").isEmpty(), "the server still serves");
    }
}
