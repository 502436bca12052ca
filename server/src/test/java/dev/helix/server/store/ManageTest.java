package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.request.CustomModelRequest;
import io.github.ollama4j.models.response.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copy, create and delete through ollama4j (copy, which it lacks, over plain HTTP) against a real server. */
@Timeout(120)
@Tag(TestEngine.TAG)
class ManageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private ModelRouter router;
    private HelixServer server;
    private Ollama ollama;
    private Path helix;

    @BeforeEach
    void start() throws IOException {
        helix = home.resolve(".helix").resolve("models");
        StoreHome.copy(TestModels.tiny(), helix, "tiny.gguf");
        StoreHome.ollamaModel(home.resolve(".ollama").resolve("models"), "tinyllama", "latest", TestModels.tiny(),
                null, null, null);
        var stores = StoresConfig.DEFAULTS.stores(new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX));
        var catalog = new ModelCatalog(helix, List.of(), TestEngine.defaults().withContextSize(512), stores);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)));
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        ollama = new Ollama("http://127.0.0.1:" + server.port());
        ollama.setRequestTimeoutSeconds(60);
    }

    @AfterEach
    void stop() {
        server.close();
        router.close();
    }

    private List<String> names() throws OllamaException {
        return ollama.listModels().stream().map(Model::getName).sorted().toList();
    }

    private int evalCount(String model) throws IOException {
        var r = Http.post("http://127.0.0.1:" + server.port() + "/api/chat", "{\"model\":\"" + model
                + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("eval_count").asInt();
    }

    @Test
    void createMakesALastingVariantWithItsParametersAndDeleteRemovesIt() throws Exception {
        ollama.createModel(CustomModelRequest.builder().model("brief").from("tinyllama")
                .system("Answer in one word.").parameters(Map.of("num_predict", 2, "temperature", 0)).build());
        assertTrue(names().contains("brief:latest"), names().toString());
        assertTrue(evalCount("brief") <= 2, "PARAMETER num_predict 2 applies");
        var tag = JSON.readTree(Http.get("http://127.0.0.1:" + server.port() + "/api/tags").body()).path("models");
        var brief = java.util.stream.StreamSupport.stream(tag.spliterator(), false)
                .filter(m -> m.path("name").asText().equals("brief:latest")).findFirst().orElseThrow();
        assertEquals("helix", brief.path("source").path("store").asText());
        assertEquals("tinyllama:latest", brief.path("source").path("from").asText());

        // lasting: a new catalog over the same folders still has it
        var again = new ModelCatalog(helix, List.of(), TestEngine.defaults(),
                StoresConfig.DEFAULTS.stores(new StoreLocations(home, Map.of(), StoreLocations.Os.LINUX)));
        assertEquals("Answer in one word.", again.preset(again.find("brief").orElseThrow().id()).system());

        ollama.deleteModel("brief", false);
        assertFalse(names().contains("brief:latest"), names().toString());
        assertTrue(names().contains("tinyllama:latest"), "the base is untouched");
    }

    @Test
    void createFromAModelfile() throws Exception {
        var r = Http.post("http://127.0.0.1:" + server.port() + "/api/create", "{\"model\":\"mario\",\"stream\":false,"
                + "\"modelfile\":\"FROM tiny\\nSYSTEM \\\"\\\"\\\"You are Mario.\\nFrom Super Mario Bros.\\\"\\\"\\\"\\n"
                + "PARAMETER num_predict 1\\nPARAMETER stop <|im_end|>\\n\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, evalCount("mario"));
        var preset = router.catalog().preset("mario");
        assertEquals("You are Mario.\nFrom Super Mario Bros.", preset.system());
        assertEquals(List.of("<|im_end|>"), preset.parameters().get("stop"));
        var bad = Http.post("http://127.0.0.1:" + server.port() + "/api/create", "{\"model\":\"x\",\"modelfile\":"
                + "\"FROM tiny\\nADAPTER ./lora.gguf\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("ADAPTER is not supported"), bad.body());
        var taken = Http.post("http://127.0.0.1:" + server.port() + "/api/create", "{\"model\":\"tinyllama\","
                + "\"from\":\"tiny\"}");
        assertEquals(400, taken.statusCode(), "another model's name is not overwritten: " + taken.body());
    }

    @Test
    void deletingAModelInAnotherProgramsStoreIsRefused() throws Exception {
        var e = assertThrows(OllamaException.class, () -> ollama.deleteModel("tinyllama:latest", false));
        var r = Http.method("DELETE", "http://127.0.0.1:" + server.port() + "/api/delete", "{\"model\":\"tinyllama\"}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("is in Ollama's store") && r.body().contains("never deletes another program's"),
                r.body());
        assertTrue(names().contains("tinyllama:latest"), e.toString());
        try (var blobs = Files.list(home.resolve(".ollama/models/blobs"))) {
            assertEquals(2, blobs.count(), "the model and config blobs are still there");
        }
    }

    @Test
    void copyThenDeleteTheCopyAndDeleteAHelixFile() throws Exception {
        var copy = Http.post("http://127.0.0.1:" + server.port() + "/api/copy",
                "{\"source\":\"tinyllama\",\"destination\":\"llama-copy\"}");
        assertEquals(200, copy.statusCode(), copy.body());
        assertTrue(names().contains("llama-copy:latest"));
        ollama.deleteModel("llama-copy", false);
        assertFalse(names().contains("llama-copy:latest"));
        ollama.deleteModel("tiny", false); // Helix's own folder: the file goes
        assertFalse(Files.exists(helix.resolve("tiny.gguf")));
        assertEquals(List.of("tinyllama:latest"), names());
    }
}
