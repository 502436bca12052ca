package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.router.pull.ModelPuller;
import dev.helix.router.pull.PullException;
import dev.helix.router.store.HelixStore;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import dev.helix.server.HelixServer;
import dev.helix.server.Http;
import dev.helix.server.ServerSettings;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.response.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls by Ollama name from a fake Ollama registry on a local port (manifests and blobs with real digests, blobs behind
 * a redirect to a "CDN"): the model lands in Ollama's own layout under Helix's folder, keeps its Ollama name, applies
 * its template/system/params layers and generates; a broken blob connection resumes through the redirect with a
 * range; a blob that does not match its digest is refused and removed; blobs already there are not fetched again; an
 * Ollama client library reads the progress stream; deleting removes the manifest and the blobs only it used.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class OllamaPullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
            + "<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n";
    private static final String SYSTEM = "You are a pirate. Answer every question like a pirate would, with many words.";

    @TempDir
    Path models;
    private FakeHub registry;
    private ModelPuller puller;
    private ModelRouter router;
    private HelixServer server;
    private byte[] tiny;

    @BeforeEach
    void start() throws IOException {
        tiny = Files.readAllBytes(TestModels.tiny());
        registry = new FakeHub();
        puller = new ModelPuller(registry.url(), "hf-secret", registry.url(), ModelPuller::usableSpace);
        var catalog = new ModelCatalog(models, List.of(), TestEngine.defaults().withContextSize(512));
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults()),
                RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)));
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20),
                CompletableFuture.completedFuture(router), "test", puller);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        router.close();
        registry.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** The layers of a library model as Ollama's registry has them, in order. */
    private Map<String, byte[]> layers(String params) {
        var layers = new LinkedHashMap<String, byte[]>();
        layers.put("application/vnd.ollama.image.model", tiny);
        layers.put("application/vnd.ollama.image.template", utf8(TEMPLATE));
        layers.put("application/vnd.ollama.image.system", utf8(SYSTEM));
        layers.put("application/vnd.ollama.image.license", utf8("Do what you like."));
        layers.put("application/vnd.ollama.image.params", utf8(params));
        return layers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<JsonNode> pullStream(String model) throws IOException {
        var response = Http.post(url("/api/pull"), "{\"model\":\"" + model + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        var lines = new ArrayList<JsonNode>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    private JsonNode post(String path, String body) throws IOException {
        var response = Http.post(url(path), body);
        assertEquals(200, response.statusCode(), path + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void aPullLandsInOllamasLayoutKeepsItsNameResumesThroughTheRedirectAndGenerates() throws IOException {
        String manifest = registry.ollamaModel("library", "tiny", "1b", layers("{\"num_predict\":3}"));
        String modelHex = FakeHub.sha256(tiny);
        registry.breakFirstBlobConnection(modelHex);
        List<JsonNode> lines = pullStream("tiny:1b");

        assertEquals("pulling manifest", lines.getFirst().path("status").asText(), lines.toString());
        assertEquals(List.of("verifying sha256 digest", "writing manifest", "success"), lines.subList(lines.size() - 3,
                lines.size()).stream().map(l -> l.path("status").asText()).toList());
        assertTrue(lines.stream().noneMatch(l -> l.has("error")), lines.toString());
        JsonNode parsed = JSON.readTree(manifest);
        var blobs = new ArrayList<JsonNode>();
        parsed.path("layers").forEach(blobs::add);
        blobs.add(parsed.path("config"));
        for (JsonNode blob : blobs) {
            String digest = blob.path("digest").asText();
            var pulling = lines.stream().filter(l -> l.path("digest").asText().equals(digest)).toList();
            assertFalse(pulling.isEmpty(), digest + " in " + lines);
            for (JsonNode p : pulling) {
                assertEquals("pulling " + digest.substring(7, 19), p.path("status").asText(), "Ollama's status");
                assertEquals(blob.path("size").asLong(), p.path("total").asLong());
            }
            assertEquals(blob.path("size").asLong(), pulling.getLast().path("completed").asLong());
        }

        assertEquals(OllamaManifestMediaType.V2, registry.requests.getFirst().accept(), "the manifest's Accept");
        var modelRequests = registry.requests.stream().filter(r -> r.path().endsWith(modelHex)).toList();
        assertEquals(List.of("/v2/library/tiny/blobs/sha256:" + modelHex, "/cdn/sha256-" + modelHex,
                "/v2/library/tiny/blobs/sha256:" + modelHex, "/cdn/sha256-" + modelHex),
                modelRequests.stream().map(FakeHub.Served::path).toList(), "each connection follows the redirect");
        String range = modelRequests.get(3).range();
        assertTrue(range != null && range.matches("bytes=[1-9]\\d*-"), "resumed with a range: " + range);
        assertTrue(registry.requests.stream().noneMatch(r -> r.path().contains("/resolve/")));

        Path root = models.resolve("ollama");
        var expected = new ArrayList<Path>();
        expected.add(Path.of("manifests/registry.ollama.ai/library/tiny/1b"));
        blobs.forEach(b -> expected.add(Path.of("blobs/sha256-" + b.path("digest").asText().substring(7))));
        assertEquals(expected.stream().sorted().toList(), filesUnder(root), "Ollama's layout, no partial file left");
        assertArrayEquals(utf8(manifest), Files.readAllBytes(root.resolve("manifests/registry.ollama.ai/library/tiny/1b")));
        assertArrayEquals(tiny, Files.readAllBytes(root.resolve("blobs/sha256-" + modelHex)));

        JsonNode tag = JSON.readTree(Http.get(url("/api/tags")).body()).path("models").path(0);
        assertEquals("tiny:1b", tag.path("name").asText(), tag.toString());
        assertEquals("helix", tag.path("source").path("store").asText(), tag.toString());
        assertEquals(modelHex, tag.path("digest").asText());
        assertEquals(TEMPLATE, post("/api/show", "{\"model\":\"tiny:1b\"}").path("template").asText());
        JsonNode chat = post("/api/chat", "{\"model\":\"tiny:1b\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertTrue(chat.path("eval_count").asInt() > 0 && chat.path("eval_count").asInt() <= 3,
                "generates, with the params layer's num_predict: " + chat);
        assertTrue(chat.path("prompt_eval_count").asInt() > 20, "with the system layer in the prompt: " + chat);
        JsonNode openAi = post("/v1/chat/completions", "{\"model\":\"tiny:1b\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertTrue(openAi.path("usage").path("completion_tokens").asInt() > 0, openAi.toString());
    }

    @Test
    void blobsAlreadyThereAreNotFetchedAgainAndDeletingKeepsTheSharedOnes() throws IOException {
        registry.ollamaModel("library", "tiny", "1b", layers("{\"num_predict\":3}"));
        registry.ollamaModel("library", "tiny", "2b", layers("{\"num_predict\":2}"));
        String modelHex = FakeHub.sha256(tiny);
        pullStream("tiny:1b");
        List<JsonNode> second = pullStream("tiny:2b");
        assertEquals("success", second.getLast().path("status").asText(), second.toString());
        assertEquals(1, registry.requests.stream().filter(r -> r.path().equals("/cdn/sha256-" + modelHex)).count(),
                "the model blob is fetched once");
        var model = second.stream().filter(l -> l.path("digest").asText().equals("sha256:" + modelHex)).toList();
        assertEquals(tiny.length, model.getLast().path("completed").asLong(), "reported as complete: " + model);
        assertEquals(2, JSON.readTree(Http.get(url("/api/tags")).body()).path("models").size());

        String paramsOf1b = FakeHub.sha256(utf8("{\"num_predict\":3}"));
        assertEquals(200, Http.method("DELETE", url("/api/delete"), "{\"model\":\"tiny:1b\"}").statusCode());
        Path root = models.resolve("ollama");
        assertFalse(Files.exists(root.resolve("manifests/registry.ollama.ai/library/tiny/1b")));
        assertFalse(Files.exists(root.resolve("blobs/sha256-" + paramsOf1b)), "a blob only it used is gone");
        assertTrue(Files.exists(root.resolve("blobs/sha256-" + modelHex)), "a blob tiny:2b uses stays");
        List<String> names = new ArrayList<>();
        JSON.readTree(Http.get(url("/api/tags")).body()).path("models").forEach(m -> names.add(m.path("name").asText()));
        assertEquals(List.of("tiny:2b"), names);
        assertEquals(200, Http.method("DELETE", url("/api/delete"), "{\"model\":\"tiny:2b\"}").statusCode());
        assertEquals(List.of(), filesUnder(root), "nothing left");
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestIsRefusedAndRemoved() throws IOException {
        registry.ollamaModel("library", "tiny", "bad", layers("{}"));
        byte[] corrupt = tiny.clone();
        corrupt[corrupt.length - 100] ^= 0x55;
        String modelHex = FakeHub.sha256(tiny);
        registry.corruptBlob(modelHex, corrupt);
        List<JsonNode> lines = pullStream("tiny:bad");
        String error = lines.getLast().path("error").asText();
        assertTrue(error.contains("digest mismatch") && error.contains(modelHex)
                && error.contains(FakeHub.sha256(corrupt)), lines.toString());
        Path root = models.resolve("ollama");
        assertTrue(filesUnder(root).stream().noneMatch(p -> p.toString().contains(modelHex)),
                "neither the blob nor its partial download is left: " + filesUnder(root));
        assertTrue(filesUnder(root).stream().noneMatch(p -> p.startsWith("manifests")), "no manifest written");
        assertEquals(0, JSON.readTree(Http.get(url("/api/tags")).body()).path("models").size());
    }

    @Test
    void diskSpaceForAllTheLayersTogetherIsCheckedBeforeAnyIsFetched() throws IOException {
        registry.ollamaModel("library", "tiny", "big", layers("{}"));
        long eachFits = tiny.length + 16; // the largest layer alone fits, all of them together do not
        try (var small = new ModelPuller(registry.url(), null, registry.url(), dir -> eachFits)) {
            var e = assertThrows(PullException.class,
                    () -> small.pull("tiny:big", new HelixStore(models), event -> { }));
            assertEquals(507, e.status());
            assertTrue(e.getMessage().startsWith("not enough disk space for tiny:big: "), e.getMessage());
        }
        assertEquals(0, registry.downloads("sha256:" + FakeHub.sha256(tiny)), "no layer fetched");
        assertFalse(Files.exists(models.resolve("ollama").resolve("manifests")), "no manifest written");
    }

    @Test
    void anOllamaClientPullsPlainAndNamespacedNamesReadingTheProgressStream() throws OllamaException {
        registry.ollamaModel("library", "tiny", "latest", layers("{}"));
        registry.ollamaModel("acme", "tiny", "q8", layers("{}"));
        var ollama = new Ollama("http://127.0.0.1:" + server.port());
        ollama.setRequestTimeoutSeconds(60);
        ollama.pullModel("tiny");
        ollama.pullModel("acme/tiny:q8");
        List<String> names = ollama.listModels().stream().map(Model::getName).sorted().toList();
        assertEquals(List.of("acme/tiny:q8", "tiny:latest"), names);
        var thrown = assertThrows(OllamaException.class, () -> ollama.pullModel("nope:1b"));
        assertTrue(String.valueOf(thrown.getMessage()).contains("file does not exist"), thrown.toString());
    }

    @Test
    void unknownModelsAndBadNamesAreClearErrors() throws IOException {
        var missing = Http.post(url("/api/pull"), "{\"model\":\"nope:1b\",\"stream\":false}");
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(JSON.readTree(missing.body()).path("error").asText().startsWith(
                "pull model manifest: file does not exist: nope:1b is not in Ollama's registry"), missing.body());
        for (String bad : List.of("a/b/c:d", "../x", "tiny:", "ti ny")) {
            var response = Http.post(url("/api/pull"), "{\"model\":\"" + bad + "\",\"stream\":false}");
            assertEquals(400, response.statusCode(), bad + " -> " + response.body());
        }
    }

    @Test
    void theRegistryComesFromTheEnvironmentAndTheHubTokenStaysWithTheHub() throws IOException {
        registry.ollamaModel("library", "tiny", "1b", layers("{}"));
        try (var fromEnv = ModelPuller.fromEnvironment(Map.of("HELIX_OLLAMA_REGISTRY", registry.url().toString(),
                "HF_TOKEN", "hf-secret"))) {
            assertEquals("tiny:1b", fromEnv.pull("registry.ollama.ai/library/tiny:1b", new HelixStore(models),
                    event -> { }));
        }
        assertTrue(Files.isRegularFile(models.resolve("ollama/manifests/registry.ollama.ai/library/tiny/1b")));
        assertTrue(registry.requests.stream().allMatch(r -> r.authorization() == null),
                "HF_TOKEN is never sent to Ollama's registry or its CDN: " + registry.requests);
        var offline = assertThrows(PullException.class, () -> {
            try (var closed = ModelPuller.fromEnvironment(Map.of("HELIX_OLLAMA_REGISTRY", "http://127.0.0.1:1"))) {
                closed.pull("tiny:1b", new HelixStore(models), event -> { });
            }
        });
        assertTrue(offline.getMessage().endsWith("set HELIX_OLLAMA_REGISTRY to use a mirror"), offline.getMessage());
    }

    /** The manifest media type Ollama's client asks for. */
    private static final class OllamaManifestMediaType {
        static final String V2 = "application/vnd.docker.distribution.manifest.v2+json";
    }
}
