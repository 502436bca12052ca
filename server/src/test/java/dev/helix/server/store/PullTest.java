package dev.helix.server.store;

import dev.helix.runtime.testing.TestEngine;
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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a fake Hugging Face hub on a local port: a broken connection is resumed with a range, a file that does
 * not match its published digest is refused and removed, concurrent pulls of one file share its download, and the
 * progress stream has Ollama's shape, read by an Ollama client library.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class PullTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path models;
    private FakeHub hub;
    private ModelPuller puller;
    private ModelRouter router;
    private HelixServer server;
    private byte[] tiny;

    @BeforeEach
    void start() throws IOException {
        tiny = Files.readAllBytes(TestModels.tiny());
        hub = new FakeHub();
        puller = new ModelPuller(hub.url(), null, ModelPuller::usableSpace);
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
        hub.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private List<JsonNode> pullStream(String model) throws IOException {
        var response = Http.post(url("/api/pull"), "{\"model\":\"" + model + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
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
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aBrokenConnectionIsResumedWithARangeAndThePulledModelGenerates() throws IOException {
        hub.repo("acme/Tiny-GGUF", Map.of("tiny-Q8_0.gguf", tiny));
        hub.breakFirstConnection("acme/Tiny-GGUF", "tiny-Q8_0.gguf");
        List<JsonNode> lines = pullStream("hf.co/acme/Tiny-GGUF:Q8_0");

        assertEquals("pulling manifest", lines.getFirst().path("status").asText(), lines.toString());
        assertEquals("success", lines.getLast().path("status").asText(), lines.toString());
        String digest = "sha256:" + FakeHub.sha256(tiny);
        var downloading = lines.stream().filter(l -> l.path("status").asText().startsWith("downloading")).toList();
        assertFalse(downloading.isEmpty(), lines.toString());
        for (JsonNode d : downloading) {
            assertEquals("downloading " + digest, d.path("status").asText());
            assertEquals(digest, d.path("digest").asText());
            assertEquals(tiny.length, d.path("total").asLong());
        }
        assertEquals(tiny.length, downloading.getLast().path("completed").asLong());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().equals("verifying sha256 digest")));
        assertTrue(lines.stream().allMatch(l -> !l.has("error")), lines.toString());

        var fileRequests = hub.requests.stream().filter(r -> r.path().endsWith("tiny-Q8_0.gguf")).toList();
        assertEquals(2, fileRequests.size(), fileRequests.toString());
        assertEquals(null, fileRequests.get(0).range());
        // The first connection broke after half the file was sent; what of it reached the disk before the break
        // (all of it, or less when the close reached the client as a reset that dropped bytes still in flight) is
        // where the second connection starts, and nothing before it is fetched again.
        String range = fileRequests.get(1).range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), "the second connection asks for a range: " + range);
        long resumedFrom = Long.parseLong(range.substring(6, range.length() - 1));
        assertTrue(resumedFrom > 0 && resumedFrom <= tiny.length / 2, "resumed from " + resumedFrom + " of "
                + tiny.length + " (" + tiny.length / 2 + " sent before the break)");
        assertTrue(downloading.stream().anyMatch(d -> d.path("completed").asLong() == resumedFrom),
                "the resumed download starts from what had arrived: " + downloading);

        Path pulled = models.resolve("hf.co/acme/Tiny-GGUF/tiny-Q8_0.gguf");
        assertEquals(List.of(pulled), filesUnder(models), "whole, renamed, no partial file left");
        assertEquals(FakeHub.sha256(tiny), StoreHome.sha256(pulled));

        var tags = JSON.readTree(Http.get(url("/api/tags")).body()).path("models");
        assertEquals("hf.co/acme/Tiny-GGUF:Q8_0", tags.path(0).path("name").asText(), tags.toString());
        assertEquals("helix", tags.path(0).path("source").path("store").asText());
        var generated = JSON.readTree(Http.post(url("/api/generate"), "{\"model\":\"hf.co/acme/Tiny-GGUF:Q8_0\","
                + "\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":3}}").body());
        assertTrue(generated.path("eval_count").asInt() > 0, generated.toString());
    }

    @Test
    void anOllamaClientPullsAndReadsTheProgressStream() throws OllamaException {
        hub.repo("acme/Two-GGUF", Map.of("two-Q4_K_M.gguf", tiny, "two-F16.gguf", tiny));
        var ollama = new Ollama("http://127.0.0.1:" + server.port());
        ollama.setRequestTimeoutSeconds(60);
        ollama.pullModel("hf.co/acme/Two-GGUF"); // no tag: Q4_K_M, as Ollama picks
        List<String> names = ollama.listModels().stream().map(Model::getName).toList();
        assertEquals(List.of("hf.co/acme/Two-GGUF:Q4_K_M"), names);
        assertEquals(0, hub.downloads("two-F16.gguf"));
    }

    @Test
    void aFileThatDoesNotMatchItsPublishedDigestIsRefusedAndRemoved() throws IOException {
        byte[] corrupt = tiny.clone();
        corrupt[corrupt.length - 100] ^= 0x55;
        hub.repo("acme/Bad-GGUF", Map.of("bad-Q8_0.gguf", tiny));
        hub.corrupt("acme/Bad-GGUF", "bad-Q8_0.gguf", corrupt);
        List<JsonNode> lines = pullStream("hf.co/acme/Bad-GGUF:Q8_0");
        String error = lines.getLast().path("error").asText();
        assertTrue(error.contains("digest mismatch") && error.contains(FakeHub.sha256(tiny))
                && error.contains(FakeHub.sha256(corrupt)), lines.toString());
        assertEquals(List.of(), filesUnder(models), "neither the file nor its partial download is left");

        var ollama = new Ollama("http://127.0.0.1:" + server.port());
        var thrown = assertThrows(OllamaException.class, () -> ollama.pullModel("hf.co/acme/Bad-GGUF:Q8_0"));
        assertTrue(String.valueOf(thrown.getMessage()).contains("digest mismatch"), thrown.toString());
        assertEquals(List.of(), filesUnder(models));
    }

    @Test
    void concurrentPullsOfTheSameFileShareOneDownload() throws Exception {
        hub.repo("acme/Tiny-GGUF", Map.of("tiny-Q8_0.gguf", tiny));
        var gate = hub.gate("acme/Tiny-GGUF", "tiny-Q8_0.gguf");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> pullStream("hf.co/acme/Tiny-GGUF:Q8_0"));
            assertTrue(hub.gateReached.await(60, TimeUnit.SECONDS));
            var second = pool.submit(() -> pullStream("hf.co/acme/Tiny-GGUF:Q8_0"));
            Path destination = models.resolve("hf.co/acme/Tiny-GGUF/tiny-Q8_0.gguf");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (puller.inFlight().getOrDefault(destination, 0) < 1) { // hang guard only
                assertTrue(System.nanoTime() < deadline, "the second pull never joined: " + puller.inFlight());
                Thread.sleep(10);
            }
            gate.countDown();
            for (var pull : List.of(first, second)) {
                List<JsonNode> lines = pull.get(60, TimeUnit.SECONDS);
                assertEquals("success", lines.getLast().path("status").asText(), lines.toString());
                assertTrue(lines.stream().anyMatch(l -> l.path("completed").asLong() == tiny.length), lines.toString());
            }
        }
        assertEquals(1, hub.downloads("tiny-Q8_0.gguf"), "one download for both: " + hub.requests);
    }

    @Test
    void diskSpaceIsCheckedBeforeDownloading() {
        hub.repo("acme/Tiny-GGUF", Map.of("tiny-Q8_0.gguf", tiny));
        try (var small = new ModelPuller(hub.url(), null, dir -> 1000)) {
            var e = assertThrows(PullException.class,
                    () -> small.pull("hf.co/acme/Tiny-GGUF:Q8_0", new HelixStore(models), event -> { }));
            assertEquals(507, e.status());
            assertTrue(e.getMessage().startsWith("not enough disk space for hf.co/acme/Tiny-GGUF:Q8_0: "),
                    e.getMessage());
        }
        assertEquals(0, hub.downloads("tiny-Q8_0.gguf"));
    }

    @Test
    void offlineIsOneClearLine() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var offline = new ModelPuller(java.net.URI.create("http://127.0.0.1:" + closedPort), null,
                ModelPuller::usableSpace)) {
            var e = assertThrows(PullException.class,
                    () -> offline.pull("hf.co/acme/Tiny-GGUF:Q8_0", new HelixStore(models), event -> { }));
            assertEquals("cannot reach 127.0.0.1:" + closedPort + " (the connection was refused): offline, or the "
                    + "network blocks it; set HF_ENDPOINT to use a mirror", e.getMessage());
        }
    }

    @Test
    void unknownRepositoriesTagsAndNamesAreClearErrors() throws IOException {
        hub.repo("acme/Tiny-GGUF", Map.of("tiny-Q8_0.gguf", tiny));
        var missing = Http.post(url("/api/pull"), "{\"model\":\"hf.co/acme/Nope-GGUF\",\"stream\":false}");
        assertEquals(404, missing.statusCode(), missing.body());
        var tag = Http.post(url("/api/pull"), "{\"model\":\"hf.co/acme/Tiny-GGUF:Q2_K\",\"stream\":false}");
        assertEquals(404, tag.statusCode());
        assertTrue(tag.body().contains("has no Q2_K file; it has: Q8_0"), tag.body());
        var bad = Http.post(url("/api/pull"), "{\"model\":\"hf.co/../etc:x\",\"stream\":false}");
        assertEquals(400, bad.statusCode(), bad.body());
    }
}
