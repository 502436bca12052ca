package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.TodaysArchitecture;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 on the current llama.cpp ({@code native/build.sh --backend cpu}'s install; skipped with a message when
 * absent, as on CI, which has no native build: it takes about 11 minutes). Through a real server and real runners:
 * random Qwen3, Gemma 3 and Gemma 3n models load with {@code engine: ffm} and generate on both APIs, greedy text
 * equal to what the same build's {@code llama-simple} generates; a model whose {@code native_dir} holds a library of no
 * known layout is refused with a message in each API's shape while the server goes on serving the others.
 */
@Timeout(300)
class CurrentLibraryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREDICT = 12;

    @TempDir
    static Path dir;
    private static Path install;
    private static ModelRouter router;
    private static HelixServer server;

    static Path install() {
        String configured = System.getProperty("helix.native.dir", System.getenv("HELIX_NATIVE_DIR"));
        return configured != null && !configured.isBlank() && !configured.equals("bundled") ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
    }

    @BeforeAll
    static void start() throws Exception {
        install = install();
        Assumptions.assumeTrue(Files.isRegularFile(install.resolve("lib/libllama.so")), "no current llama.cpp "
                + "build at " + install + ": `native/build.sh --backend cpu` makes one (about 11 min, so CI has "
                + "none); -Dhelix.native.dir or HELIX_NATIVE_DIR point elsewhere");
        Path models = Files.createDirectories(dir.resolve("models"));
        TodaysArchitecture.QWEN3.write(TodaysArchitecture.smallestShape(), models.resolve("qwen3.gguf"));
        TodaysArchitecture.GEMMA3.write(TodaysArchitecture.smallestShape(), models.resolve("gemma3.gguf"));
        TodaysArchitecture.GEMMA3N.write(TodaysArchitecture.smallestShape(), models.resolve("gemma3n.gguf"));
        Path tiny = TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        Path fake = Files.createDirectories(dir.resolve("fake/lib"));
        Files.createSymbolicLink(fake.resolve("libllama.so"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"));

        var current = ModelLoadOptions.DEFAULTS.withContextSize(512).withParallel(2).withThreads(1)
                .withEngine(Engine.FFM).withNativeDir(install.toString());
        var catalog = new ModelCatalog(Files.createDirectories(dir.resolve("nothing-scanned")), List.of(
                new ModelEntry("qwen3", models.resolve("qwen3.gguf"), List.of(), current, null),
                new ModelEntry("gemma3", models.resolve("gemma3.gguf"), List.of(), current, null),
                new ModelEntry("gemma3n", models.resolve("gemma3n.gguf"), List.of(), current, null),
                new ModelEntry("broken", tiny, List.of(), current.withNativeDir(fake.getParent().toString()), null),
                new ModelEntry("tiny", tiny, List.of(), current.withNativeDir("bundled"), null)),
                ModelLoadOptions.DEFAULTS);
        var observability = dev.helix.server.observe.Observability.create(
                dev.helix.router.config.ObservabilityConfig.DEFAULTS);
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults(),
                observability.events()), RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                observability.events());
        var offline = URI.create("http://127.0.0.1:9/");
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20),
                CompletableFuture.completedFuture(router), "test", observability,
                new dev.helix.router.pull.ModelPuller(offline, null, offline,
                        dev.helix.router.pull.ModelPuller::usableSpace));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            router.close();
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** What the build's own llama-simple generates greedily after "Hello" (its output: prompt, then generation). */
    private static String llamaSimple(String model) throws Exception {
        Path simple = install.resolve("bin/llama-simple");
        Assumptions.assumeTrue(Files.isExecutable(simple), "no " + simple);
        Process process = new ProcessBuilder(simple.toString(), "-m", dir.resolve("models/" + model + ".gguf")
                .toString(), "-n", Integer.toString(PREDICT), "Hello").start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "llama-simple did not finish in 60 s (a hang guard)");
        assertEquals(0, process.exitValue(), err.get(10, TimeUnit.SECONDS));
        return out.strip();
    }

    @Test
    void todaysModelsGenerateOnTheOpenAiApiAsLlamaSimpleDoes() throws Exception {
        for (String model : List.of("qwen3", "gemma3", "gemma3n")) {
            var reply = Http.post(url() + "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"Hello\","
                    + "\"max_tokens\":" + PREDICT + ",\"temperature\":0}");
            assertEquals(200, reply.statusCode(), reply.body());
            String text = JSON.readTree(reply.body()).get("choices").get(0).get("text").asText();
            assertFalse(text.isEmpty(), reply.body());
            String theirs = llamaSimple(model);
            assertTrue(theirs.endsWith(text.strip()), model + ": llama-simple wrote \"" + theirs
                    + "\", Helix generated \"" + text + "\"");
        }
    }

    @Test
    void todaysModelsGenerateOnTheOllamaApi() throws Exception {
        for (String model : List.of("qwen3", "gemma3", "gemma3n")) {
            var reply = Http.post(url() + "/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Hello\","
                    + "\"raw\":true,\"stream\":false,\"options\":{\"num_predict\":" + PREDICT + ",\"temperature\":0}}");
            assertEquals(200, reply.statusCode(), reply.body());
            JsonNode body = JSON.readTree(reply.body());
            assertTrue(body.get("done").asBoolean(), reply.body());
            assertFalse(body.get("response").asText().isEmpty(), reply.body());
            assertTrue(llamaSimple(model).endsWith(body.get("response").asText().strip()), reply.body());
        }
    }

    @Test
    void aLibraryOfNoKnownLayoutIsRefusedAndTheServerServesTheOthers() throws Exception {
        HttpResponse<String> openAi = Http.post(url() + "/v1/chat/completions", "{\"model\":\"broken\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":4}");
        assertEquals(500, openAi.statusCode(), openAi.body());
        String message = JSON.readTree(openAi.body()).get("error").get("message").asText();
        assertTrue(message.contains("is none of the llama.cpp C API generations Helix knows"), message);
        assertTrue(message.contains("b4916: it lacks llama_backend_init"), message);
        assertTrue(message.contains("2026-09: it lacks llama_backend_init"), message);

        HttpResponse<String> ollama = Http.post(url() + "/api/generate", "{\"model\":\"broken\",\"prompt\":\"Hi\","
                + "\"stream\":false}");
        assertEquals(500, ollama.statusCode(), ollama.body());
        assertTrue(JSON.readTree(ollama.body()).get("error").asText().contains("C API generations"), ollama.body());

        for (String model : List.of("tiny", "qwen3")) {
            var served = Http.post(url() + "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":4,\"temperature\":0}");
            assertEquals(200, served.statusCode(), served.body());
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
